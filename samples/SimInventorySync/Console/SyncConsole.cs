namespace SimInventorySync.Console;

/// <summary>Where the program writes: messages, errors, and whether progress may be drawn live (a terminal).</summary>
/// <param name="Out">Messages and the final line.</param>
/// <param name="Error">The one-line reason of a failure.</param>
/// <param name="Interactive">Whether stdout is a terminal that can show a live progress display.</param>
internal sealed record SyncConsole(TextWriter Out, TextWriter Error, bool Interactive)
{
    /// <summary>The process's console; live progress when stdout is an interactive terminal.</summary>
    public static SyncConsole FromProcess() =>
        new(System.Console.Out, System.Console.Error, !System.Console.IsOutputRedirected && Spectre.Console.AnsiConsole.Profile.Capabilities.Interactive);
}
