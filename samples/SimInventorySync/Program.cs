using System.CommandLine;
using System.Runtime.InteropServices;
using SimInventorySync.Cli;
using SimInventorySync.Console;
using SimInventorySync.Inventory;

namespace SimInventorySync;

/// <summary><c>dotnet run --project samples/SimInventorySync [-- options]</c>; see <c>--help</c>.</summary>
internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        var console = SyncConsole.FromProcess();
        var commandLine = new SyncCommandLine();
        var parse = commandLine.Root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            var reasons = string.Join(" ", parse.Errors.Select(static e => string.Join(' ', e.Message.Split((char[])['\r', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))));
            await console.Error.WriteLineAsync($"error: {reasons} (see --help)");
            return ExitCodes.BadArguments;
        }

        commandLine.Root.SetAction(async (result, _) =>
        {
            SyncSettings settings;
            try
            {
                settings = commandLine.ToSettings(result, Environment.GetEnvironmentVariable);
            }
            catch (SyncException ex)
            {
                await console.Error.WriteLineAsync("error: " + ex.Message);
                return ExitCodes.BadArguments;
            }

            using var stop = new StopController();
            using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, context => OnSignal(context, stop, console));
            using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context => OnSignal(context, stop, console));
            return await SyncApp.RunAsync(settings, console, stop);
        });

        // Ctrl+C is handled above (stop after the current page), not by System.CommandLine's termination timeout.
        return await parse.InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null });
    }

    private static void OnSignal(PosixSignalContext context, StopController stop, SyncConsole console)
    {
        context.Cancel = true;
        var graceful = stop.RequestStop();
        if (!console.Interactive)
        {
            // On a terminal the live display says it; a second line there would tear the display.
            console.Error.WriteLine(graceful ? "Stopping after the current page (send the signal again to stop at once)…" : "Stopping now.");
        }
    }
}
