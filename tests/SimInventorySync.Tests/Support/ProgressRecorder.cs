using ResumableJobs;

namespace SimInventorySync.Tests.Support;

/// <summary>Records progress reports synchronously, and optionally acts on them.</summary>
internal sealed class ProgressRecorder(Action<SyncProgress>? onReport = null) : IProgress<SyncProgress>
{
    private readonly Lock _gate = new();
    private readonly List<SyncProgress> _reports = [];

    public IReadOnlyList<SyncProgress> Reports
    {
        get
        {
            lock (_gate)
            {
                return [.. _reports];
            }
        }
    }

    public void Report(SyncProgress value)
    {
        lock (_gate)
        {
            _reports.Add(value);
        }

        onReport?.Invoke(value);
    }
}
