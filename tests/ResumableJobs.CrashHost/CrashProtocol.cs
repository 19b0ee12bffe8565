using System.Globalization;

namespace ResumableJobs.CrashHost;

/// <summary>The lines the crash host prints and logs, and how the test reads them back.</summary>
public static class CrashProtocol
{
    /// <summary>Printed first: the version of the checkpoint the run loaded (0 for none).</summary>
    public const string Started = "started";

    /// <summary>Printed after a page apply committed.</summary>
    public const string Applied = "applied";

    /// <summary>Printed after a checkpoint save returned.</summary>
    public const string Saved = "saved";

    /// <summary>Printed last, with the outcome, when the run ended by itself.</summary>
    public const string Done = "done";

    /// <summary>A save-log line: <c>version pagesDone itemsDone completed cursor</c>.</summary>
    /// <param name="checkpoint">The checkpoint saved.</param>
    /// <returns>The line, without its line break.</returns>
    public static string FormatSave(Checkpoint checkpoint)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        return string.Create(CultureInfo.InvariantCulture, $"{checkpoint.Version} {checkpoint.PagesDone} {checkpoint.ItemsDone} {(checkpoint.Completed ? 1 : 0)} {checkpoint.Cursor}");
    }

    /// <summary>Reads a log file's complete lines; a last line without its line break (the process was killed
    /// while writing it) is left out.</summary>
    /// <param name="path">The log file.</param>
    /// <returns>The complete lines, or none when the file does not exist.</returns>
    public static IReadOnlyList<string> ReadCompleteLines(string path)
    {
        if (!File.Exists(path))
        {
            return [];
        }

        var text = File.ReadAllText(path);
        var lines = text.Split('\n');
        return lines[..^1];
    }

    /// <summary>Reads a save-log line back.</summary>
    /// <param name="line">The line.</param>
    /// <returns>Version, pages done, items done, completed, cursor.</returns>
    public static (long Version, long PagesDone, long ItemsDone, bool Completed, string Cursor) ParseSave(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        var parts = line.Split(' ', 5);
        if (parts.Length != 5)
        {
            throw new FormatException($"Not a save-log line: '{line}'.");
        }

        return (
            long.Parse(parts[0], CultureInfo.InvariantCulture),
            long.Parse(parts[1], CultureInfo.InvariantCulture),
            long.Parse(parts[2], CultureInfo.InvariantCulture),
            parts[3] == "1",
            parts[4]);
    }
}
