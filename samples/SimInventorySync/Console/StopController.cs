using ResumableJobs;

namespace SimInventorySync.Console;

/// <summary>
/// Turns Ctrl+C into "stop after the current page": the job's token is cancelled at the next progress report, which
/// the engine makes right after a page's checkpoint is saved or while it waits to retry. A second request, or a page
/// that takes longer than the grace period, cancels at once (the page in flight is then simply fetched again).
/// </summary>
internal sealed class StopController : IDisposable
{
    private readonly CancellationTokenSource _cancellation = new();
    private readonly TimeSpan _gracePeriod;
    private int _requests;

    public StopController(TimeSpan? gracePeriod = null)
    {
        _gracePeriod = gracePeriod ?? TimeSpan.FromSeconds(10);
    }

    /// <summary>The token the job runs with.</summary>
    public CancellationToken Token => _cancellation.Token;

    /// <summary>Whether a stop was asked for.</summary>
    public bool StopRequested => Volatile.Read(ref _requests) > 0;

    /// <summary>Asks the job to stop after the current page (the second call: at once).</summary>
    /// <returns><see langword="true"/> for the first request (a graceful stop), <see langword="false"/> after.</returns>
    public bool RequestStop()
    {
        if (Interlocked.Increment(ref _requests) == 1)
        {
            TryCancelAfter(_gracePeriod);
            return true;
        }

        TryCancel();
        return false;
    }

    /// <summary>Called with every progress report: a report means no page is half done, so a requested stop happens now.</summary>
    public void OnProgress(SyncProgress progress)
    {
        if (StopRequested)
        {
            TryCancel();
        }
    }

    public void Dispose() => _cancellation.Dispose();

    private void TryCancel()
    {
        try
        {
            _cancellation.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The run already ended.
        }
    }

    private void TryCancelAfter(TimeSpan delay)
    {
        try
        {
            _cancellation.CancelAfter(delay);
        }
        catch (ObjectDisposedException)
        {
            // The run already ended.
        }
    }
}
