using ResumableJobs;
using SimInventorySync.Carriers;

namespace SimInventorySync.Console;

/// <summary>The latest progress of the job and what the page source met, read by the displays. Reports arrive on the
/// job's thread; they are stored and passed on synchronously, never queued.</summary>
internal sealed class ProgressState : IProgress<SyncProgress>
{
    private readonly Action<SyncProgress>[] _listeners;
    private SyncProgress? _latest;
    private long _retries;

    public ProgressState(PageSourceStatistics statistics, params Action<SyncProgress>[] listeners)
    {
        Statistics = statistics;
        _listeners = listeners;
    }

    public PageSourceStatistics Statistics { get; }

    public SyncProgress? Latest => Volatile.Read(ref _latest);

    /// <summary>Retries in this run (each retry of a fetch, apply or save counts once).</summary>
    public long Retries => Interlocked.Read(ref _retries);

    public void Report(SyncProgress value)
    {
        Volatile.Write(ref _latest, value);
        if (value.State == JobState.Retrying)
        {
            Interlocked.Increment(ref _retries);
        }

        foreach (var listener in _listeners)
        {
            listener(value);
        }
    }
}
