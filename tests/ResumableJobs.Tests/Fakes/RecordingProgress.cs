namespace ResumableJobs.Tests.Fakes;

/// <summary>A synchronous progress recorder (Progress&lt;T&gt; would post reports to the thread pool, out of order).</summary>
public sealed class RecordingProgress : IProgress<SyncProgress>
{
    private readonly object _gate = new();
    private readonly List<SyncProgress> _reports = new();

    /// <summary>Called on every report, after it was recorded; may throw (to test a broken handler).</summary>
    public Action<SyncProgress>? OnReport { get; set; }

    public IReadOnlyList<SyncProgress> Reports
    {
        get
        {
            lock (_gate)
            {
                return _reports.ToArray();
            }
        }
    }

    public void Report(SyncProgress value)
    {
        lock (_gate)
        {
            _reports.Add(value);
        }

        OnReport?.Invoke(value);
    }
}
