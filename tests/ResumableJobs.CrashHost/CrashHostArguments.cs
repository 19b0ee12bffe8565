using System.Globalization;
using ResumableJobs.Testing;

namespace ResumableJobs.CrashHost;

/// <summary>What the crash host runs: where its files are, and the deterministic data set it copies.</summary>
/// <param name="WorkFolder">The folder of the checkpoint database, the sink database and the logs.</param>
/// <param name="Seed">Seeds the data set.</param>
/// <param name="ItemCount">How many items the source holds.</param>
/// <param name="PageSize">Items per page.</param>
/// <param name="PageDelay">A real delay per page, so that kills land mid-run rather than after it.</param>
public sealed record CrashHostArguments(string WorkFolder, int Seed, int ItemCount, int PageSize, TimeSpan PageDelay)
{
    /// <summary>The job id the host runs.</summary>
    public const string JobId = "crash-job";

    /// <summary>The checkpoint database.</summary>
    public string CheckpointDatabase => Path.Combine(WorkFolder, "checkpoints.db");

    /// <summary>The sink database: the items, upserted by id, and one row per committed page apply.</summary>
    public string SinkDatabase => Path.Combine(WorkFolder, "sink.db");

    /// <summary>One line per successful checkpoint save, written after the save returned.</summary>
    public string SaveLog => Path.Combine(WorkFolder, "saves.log");

    /// <summary>One line per committed page apply, written after the commit.</summary>
    public string ApplyLog => Path.Combine(WorkFolder, "applies.log");

    /// <summary>Reads the arguments from a command line: <c>--work DIR --seed N --items N --page-size N --page-delay-ms N</c>.</summary>
    /// <param name="args">The command line.</param>
    /// <returns>The arguments.</returns>
    /// <exception cref="ArgumentException">An argument is missing or invalid.</exception>
    public static CrashHostArguments Parse(IReadOnlyList<string> args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Count; i += 2)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Count)
            {
                throw new ArgumentException($"Expected '--name value' pairs, got '{string.Join(' ', args)}'.", nameof(args));
            }

            values[args[i][2..]] = args[i + 1];
        }

        string Required(string name) => values.TryGetValue(name, out var value) ? value : throw new ArgumentException($"--{name} is required.", nameof(args));
        int Number(string name) => int.TryParse(Required(name), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : throw new ArgumentException($"--{name} must be a non-negative integer.", nameof(args));

        var parsed = new CrashHostArguments(Required("work"), Number("seed"), Number("items"), Number("page-size"), TimeSpan.FromMilliseconds(Number("page-delay-ms")));
        if (parsed.PageSize < 1)
        {
            throw new ArgumentException("--page-size must be at least 1.", nameof(args));
        }

        return parsed;
    }

    /// <summary>The command line that <see cref="Parse"/> reads back into these arguments.</summary>
    /// <returns>The arguments, one per element.</returns>
    public IReadOnlyList<string> ToCommandLine() =>
    [
        "--work", WorkFolder,
        "--seed", Seed.ToString(CultureInfo.InvariantCulture),
        "--items", ItemCount.ToString(CultureInfo.InvariantCulture),
        "--page-size", PageSize.ToString(CultureInfo.InvariantCulture),
        "--page-delay-ms", ((long)PageDelay.TotalMilliseconds).ToString(CultureInfo.InvariantCulture),
    ];

    /// <summary>The source the host pages through; the test builds the same one to know what the sink must hold.</summary>
    /// <returns>The source.</returns>
    public ChaosPageSource CreateSource() => new(new ChaosPageSourceOptions
    {
        Seed = Seed,
        ItemCount = ItemCount,
        PageSize = PageSize,
        UpdateFraction = 0.2,
        // Every page is "slow" by the page delay, on the real clock: the host is a real process being killed.
        SlowPageRate = PageDelay > TimeSpan.Zero ? 1 : 0,
        SlowPageDelay = PageDelay,
    });
}
