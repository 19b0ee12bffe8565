using ResumableJobs;
using SimInventorySync.Console;

namespace SimInventorySync.Tests.Support;

/// <summary>Runs the sample in-process, capturing what it prints.</summary>
internal sealed record SampleRun(int ExitCode, string Output, string Error)
{
    public string[] Lines => Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public string LastLine => Lines[^1];

    public static async Task<SampleRun> RunAsync(SyncSettings settings, Func<SyncProgress, StopController, bool>? stopWhen = null)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        using var stop = new StopController();
        var observer = new ProgressRecorder(report =>
        {
            if (stopWhen?.Invoke(report, stop) == true)
            {
                stop.RequestStop();
            }
        });
        var exitCode = await SyncApp.RunAsync(settings, new SyncConsole(output, error, Interactive: false), stop, observer);
        return new SampleRun(exitCode, output.ToString(), error.ToString());
    }

    public override string ToString() => $"exit {ExitCode}{Environment.NewLine}{Output}{Error}";
}
