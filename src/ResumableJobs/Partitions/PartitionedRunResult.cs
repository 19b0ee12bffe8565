namespace ResumableJobs;

/// <summary>What one run of a <see cref="PartitionedJob{TCursor}"/> did, partition by partition, and how it ended.</summary>
public sealed class PartitionedRunResult
{
    internal PartitionedRunResult(string jobId, IReadOnlyList<PartitionResult> partitions, TimeSpan elapsed)
    {
        JobId = jobId;
        Partitions = partitions;
        Elapsed = elapsed;
        var failed = new List<PartitionResult>();
        var anyCancelled = false;
        var allAlreadyCompleted = true;
        foreach (var partition in partitions)
        {
            var result = partition.Result;
            PagesThisRun += result.PagesThisRun;
            ItemsThisRun += result.ItemsThisRun;
            TotalPages += result.TotalPages;
            TotalItems += result.TotalItems;
            anyCancelled |= result.Outcome == JobOutcome.Cancelled;
            allAlreadyCompleted &= result.Outcome == JobOutcome.AlreadyCompleted;
            if (result.Outcome == JobOutcome.Failed)
            {
                failed.Add(partition);
            }
        }

        FailedPartitions = failed;
        Outcome = failed.Count > 0 ? JobOutcome.Failed
            : anyCancelled ? JobOutcome.Cancelled
            : allAlreadyCompleted ? JobOutcome.AlreadyCompleted
            : JobOutcome.Completed;
    }

    /// <summary>The job id (the prefix of every partition's job id).</summary>
    public string JobId { get; }

    /// <summary>
    /// How the run ended as a whole: <see cref="JobOutcome.Failed"/> when any partition failed, else
    /// <see cref="JobOutcome.Cancelled"/> when any was cancelled, else <see cref="JobOutcome.AlreadyCompleted"/> when
    /// every partition had completed before, else <see cref="JobOutcome.Completed"/>.
    /// </summary>
    public JobOutcome Outcome { get; }

    /// <summary>Each partition's result, in the order the partitions were given.</summary>
    public IReadOnlyList<PartitionResult> Partitions { get; }

    /// <summary>The partitions that failed, each with its id and error.</summary>
    public IReadOnlyList<PartitionResult> FailedPartitions { get; }

    /// <summary>Pages applied and checkpointed by this run, across partitions.</summary>
    public long PagesThisRun { get; }

    /// <summary>Items applied and checkpointed by this run, across partitions.</summary>
    public long ItemsThisRun { get; }

    /// <summary>Pages applied so far across all runs and partitions, as their checkpoints say.</summary>
    public long TotalPages { get; }

    /// <summary>Items applied so far across all runs and partitions, as their checkpoints say.</summary>
    public long TotalItems { get; }

    /// <summary>How long the run took.</summary>
    public TimeSpan Elapsed { get; }

    /// <summary>Whether every partition is done (completed in this run or before).</summary>
    public bool IsDone => Outcome is JobOutcome.Completed or JobOutcome.AlreadyCompleted;

    /// <summary>The result of one partition.</summary>
    /// <param name="partitionId">The partition id.</param>
    /// <returns>Its result.</returns>
    /// <exception cref="KeyNotFoundException">The job has no such partition.</exception>
    public JobRunResult this[string partitionId] =>
        Partitions.FirstOrDefault(p => string.Equals(p.PartitionId, partitionId, StringComparison.Ordinal))?.Result
        ?? throw new KeyNotFoundException($"Job '{JobId}' has no partition '{partitionId}'.");

    /// <summary>Throws when the run is not done: the failed partitions' errors, or a cancellation.</summary>
    /// <returns>This result, for chaining.</returns>
    /// <exception cref="ResumableJobException">A partition failed; the message names each failed partition.</exception>
    /// <exception cref="OperationCanceledException">The run was cancelled.</exception>
    public PartitionedRunResult ThrowIfNotDone()
    {
        return Outcome switch
        {
            JobOutcome.Failed => throw new ResumableJobException(
                JobId,
                $"Job '{JobId}': {FailedPartitions.Count} of {Partitions.Count} partitions failed: " +
                string.Join("; ", FailedPartitions.Select(p => $"{p.PartitionId}: {p.Result.Error?.Message}")),
                FailedPartitions.Count == 1 ? FailedPartitions[0].Result.Error : new AggregateException(FailedPartitions.Select(p => p.Result.Error!))),
            JobOutcome.Cancelled => throw new OperationCanceledException($"Job '{JobId}' was cancelled after {TotalPages} pages."),
            _ => this,
        };
    }

    /// <inheritdoc />
    public override string ToString() =>
        $"{JobId}: {Outcome}, {Partitions.Count} partitions ({FailedPartitions.Count} failed), {PagesThisRun} pages / {ItemsThisRun} items this run, {TotalPages} pages / {TotalItems} items in total";
}
