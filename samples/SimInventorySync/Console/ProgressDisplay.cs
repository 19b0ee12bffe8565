using Spectre.Console;
using Spectre.Console.Rendering;

namespace SimInventorySync.Console;

/// <summary>Shows progress while a task runs: a live Spectre.Console display on a terminal, plain periodic lines otherwise.</summary>
internal static class ProgressDisplay
{
    private const int BarWidth = 40;

    public static Task<T> RunAsync<T>(SyncConsole console, ProgressState state, StopController stop, string title, TimeSpan plainInterval, Func<Task<T>> work) =>
        console.Interactive ? RunLiveAsync(state, stop, title, work) : RunPlainAsync(console.Out, state, plainInterval, work);

    private static async Task<T> RunPlainAsync<T>(TextWriter output, ProgressState state, TimeSpan interval, Func<Task<T>> work)
    {
        var task = work();
        using var timer = new PeriodicTimer(interval);
        Task<bool>? tick = null;
        while (!task.IsCompleted)
        {
            tick ??= timer.WaitForNextTickAsync().AsTask();
            await Task.WhenAny(task, tick).ConfigureAwait(false);
            if (tick.IsCompleted && !task.IsCompleted)
            {
                tick = null;
                if (state.Latest is { } latest)
                {
                    await output.WriteLineAsync(ProgressText.PlainLine(latest, state)).ConfigureAwait(false);
                    await output.FlushAsync().ConfigureAwait(false);
                }
            }
        }

        return await task.ConfigureAwait(false);
    }

    private static async Task<T> RunLiveAsync<T>(ProgressState state, StopController stop, string title, Func<Task<T>> work)
    {
        T result = default!;
        await AnsiConsole.Live(Render(state, stop, title))
            .AutoClear(false)
            .Overflow(VerticalOverflow.Ellipsis)
            .StartAsync(async context =>
            {
                var task = work();
                while (!task.IsCompleted)
                {
                    context.UpdateTarget(Render(state, stop, title));
                    await Task.WhenAny(task, Task.Delay(100)).ConfigureAwait(false);
                }

                context.UpdateTarget(Render(state, stop, title));
                result = await task.ConfigureAwait(false);
            }).ConfigureAwait(false);
        return result;
    }

    private static IRenderable Render(ProgressState state, StopController stop, string title)
    {
        var p = state.Latest;
        if (p is null)
        {
            return new Markup($"[bold]{Markup.Escape(title)}[/]\n[grey]starting…[/]");
        }

        var fraction = p.FractionDone ?? 0;
        var filled = (int)Math.Round(fraction * BarWidth);
        var bar = $"[green]{new string('━', filled)}[/][grey]{new string('━', BarWidth - filled)}[/]";
        var width = Math.Max(40, AnsiConsole.Profile.Width - 14);
        var waiting = ProgressText.Waiting(p) is { } w ? $"   [yellow]{Markup.Escape(w)}[/]" : string.Empty;
        var lines = new[]
        {
            $"[bold]{Markup.Escape(title)}[/]",
            $"{bar} {Markup.Escape(ProgressText.Sims(p))}",
            Markup.Escape($"{ProgressText.Pages(p)} · {ProgressText.Rate(p)} · {ProgressText.Elapsed(p)} · {ProgressText.Eta(p)}"),
            $"{Markup.Escape(ProgressText.Retries(state))}{waiting}",
            $"last error: [red]{Markup.Escape(ProgressText.LastError(p, width))}[/]",
        };
        if (stop.StopRequested)
        {
            lines = [.. lines, "[yellow]Stopping after the current page (press Ctrl+C again to stop at once)…[/]"];
        }

        return new Markup(string.Join('\n', lines));
    }
}
