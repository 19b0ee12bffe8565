namespace ResumableJobs;

/// <summary>
/// An <see cref="IProgress{T}"/> that calls its handler at once, on the thread that reports. Reports arrive in
/// order (the last one before <c>RunAsync</c> returns is the final state), and a handler that throws is caught by
/// the engine, logged and ignored. <see cref="Progress{T}"/> instead posts each report to the captured
/// synchronization context or the thread pool: reports may arrive after the run ended, and an exception in its
/// handler is unhandled there, which ends the process. Use <see cref="Progress{T}"/> only to update a UI thread.
/// </summary>
/// <typeparam name="T">The type of the progress reports.</typeparam>
public sealed class InlineProgress<T> : IProgress<T>
{
    private readonly Action<T> _handler;

    /// <summary>Creates the reporter.</summary>
    /// <param name="handler">Called with each report, on the reporting thread. Keep it quick: the job waits for it.</param>
    public InlineProgress(Action<T> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        _handler = handler;
    }

    /// <inheritdoc />
    public void Report(T value) => _handler(value);
}
