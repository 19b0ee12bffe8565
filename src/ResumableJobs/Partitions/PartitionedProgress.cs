namespace ResumableJobs;

/// <summary>
/// A snapshot of a partitioned job's progress: the latest <see cref="SyncProgress"/> of each partition that has
/// reported, and totals across them. Reported through <see cref="IProgress{T}"/> whenever any partition reports.
/// </summary>
public sealed record PartitionedProgress
{
    /// <summary>The job id.</summary>
    public required string JobId { get; init; }

    /// <summary>The partition whose report produced this snapshot.</summary>
    public required string ChangedPartitionId { get; init; }

    /// <summary>The latest progress of each partition that has started in this run, keyed by partition id, in partition order.</summary>
    public required IReadOnlyDictionary<string, SyncProgress> Partitions { get; init; }

    /// <summary>How many partitions the job has.</summary>
    public required int PartitionCount { get; init; }

    /// <summary>Partitions that are running (or waiting to retry).</summary>
    public required int PartitionsRunning { get; init; }

    /// <summary>Partitions that are done (in this run or before).</summary>
    public required int PartitionsCompleted { get; init; }

    /// <summary>Partitions that failed in this run.</summary>
    public required int PartitionsFailed { get; init; }

    /// <summary>Partitions that were cancelled in this run.</summary>
    public required int PartitionsCancelled { get; init; }

    /// <summary>Partitions that have not started yet in this run.</summary>
    public int PartitionsPending => PartitionCount - Partitions.Count;

    /// <summary>Pages applied so far across all runs, summed over the partitions that have started.</summary>
    public required long PagesDone { get; init; }

    /// <summary>Items applied so far across all runs, summed over the partitions that have started.</summary>
    public required long ItemsDone { get; init; }

    /// <summary>Pages applied by this run, across partitions.</summary>
    public required long PagesThisRun { get; init; }

    /// <summary>Items applied by this run, across partitions.</summary>
    public required long ItemsThisRun { get; init; }

    /// <summary>The combined rate: the sum of the smoothed rates of the partitions running now.</summary>
    public required double ItemsPerSecond { get; init; }

    /// <summary>The total items across partitions, when every partition's source can estimate its own.</summary>
    public long? TotalItems { get; init; }

    /// <summary>The estimated time until every partition completes, from the total and the combined rate.</summary>
    public TimeSpan? EstimatedTimeRemaining { get; init; }

    /// <summary>Time since this run started.</summary>
    public required TimeSpan Elapsed { get; init; }

    /// <summary>When this snapshot was taken.</summary>
    public required DateTimeOffset Timestamp { get; init; }

    /// <summary>Completion as a fraction from 0 to 1, when the total is known.</summary>
    public double? FractionDone => TotalItems is > 0 and var total ? Math.Min(1.0, (double)ItemsDone / total) : null;
}
