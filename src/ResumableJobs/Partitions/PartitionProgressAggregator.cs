namespace ResumableJobs;

/// <summary>
/// Collects the progress of every partition and reports a <see cref="PartitionedProgress"/> snapshot on each report,
/// one at a time and in the order the partitions reported.
/// </summary>
internal sealed class PartitionProgressAggregator
{
    private readonly string _jobId;
    private readonly IReadOnlyList<string> _partitionIds;
    private readonly IProgress<PartitionedProgress> _progress;
    private readonly TimeProvider _time;
    private readonly long _startTimestamp;
    private readonly SyncProgress?[] _latest;
    private readonly object _gate = new();

    public PartitionProgressAggregator(string jobId, IReadOnlyList<string> partitionIds, IProgress<PartitionedProgress> progress, TimeProvider time)
    {
        _jobId = jobId;
        _partitionIds = partitionIds;
        _progress = progress;
        _time = time;
        _startTimestamp = time.GetTimestamp();
        _latest = new SyncProgress?[partitionIds.Count];
    }

    /// <summary>The progress sink of one partition.</summary>
    public IProgress<SyncProgress> For(int index) => new PartitionReporter(this, index);

    private void OnReport(int index, SyncProgress progress)
    {
        lock (_gate)
        {
            _latest[index] = progress;
            var partitions = new Dictionary<string, SyncProgress>(_latest.Length, StringComparer.Ordinal);
            int running = 0, completed = 0, failed = 0, cancelled = 0;
            long pagesDone = 0, itemsDone = 0, pagesThisRun = 0, itemsThisRun = 0, total = 0;
            var totalKnown = true;
            double rate = 0;
            for (var i = 0; i < _latest.Length; i++)
            {
                if (_latest[i] is not { } p)
                {
                    totalKnown = false;
                    continue;
                }

                partitions[_partitionIds[i]] = p;
                switch (p.State)
                {
                    case JobState.Running or JobState.Retrying:
                        running++;
                        rate += p.ItemsPerSecond;
                        break;
                    case JobState.Completed:
                        completed++;
                        break;
                    case JobState.Failed:
                        failed++;
                        break;
                    case JobState.Cancelled:
                        cancelled++;
                        break;
                }

                pagesDone += p.PagesDone;
                itemsDone += p.ItemsDone;
                pagesThisRun += p.PagesThisRun;
                itemsThisRun += p.ItemsThisRun;
                if (p.TotalItems is { } partitionTotal)
                {
                    total += partitionTotal;
                }
                else if (p.State != JobState.Completed)
                {
                    // A completed partition's total is what it did; any other without an estimate leaves the total unknown.
                    totalKnown = false;
                }
                else
                {
                    total += p.ItemsDone;
                }
            }

            TimeSpan? eta = null;
            if (completed == _latest.Length)
            {
                eta = TimeSpan.Zero;
            }
            else if (totalKnown && rate > 0)
            {
                eta = TimeSpan.FromSeconds(Math.Min(Math.Max(0, total - itemsDone) / rate, TimeSpan.MaxValue.TotalSeconds / 2));
            }

            var snapshot = new PartitionedProgress
            {
                JobId = _jobId,
                ChangedPartitionId = _partitionIds[index],
                Partitions = partitions,
                PartitionCount = _latest.Length,
                PartitionsRunning = running,
                PartitionsCompleted = completed,
                PartitionsFailed = failed,
                PartitionsCancelled = cancelled,
                PagesDone = pagesDone,
                ItemsDone = itemsDone,
                PagesThisRun = pagesThisRun,
                ItemsThisRun = itemsThisRun,
                ItemsPerSecond = rate,
                TotalItems = totalKnown ? total : null,
                EstimatedTimeRemaining = eta,
                Elapsed = _time.GetElapsedTime(_startTimestamp),
                Timestamp = _time.GetUtcNow(),
            };

            // A throwing handler is caught by the partition's own tracker, which logs it and goes on.
            _progress.Report(snapshot);
        }
    }

    private sealed class PartitionReporter(PartitionProgressAggregator owner, int index) : IProgress<SyncProgress>
    {
        public void Report(SyncProgress value) => owner.OnReport(index, value);
    }
}
