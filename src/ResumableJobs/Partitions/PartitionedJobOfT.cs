namespace ResumableJobs;

/// <summary>
/// A job made of partitions (independent cursor ranges, such as one per carrier account or key range), each with
/// its own checkpoint under the job id <c>&lt;jobId&gt;.&lt;partitionId&gt;</c>, run on this machine with at most
/// <see cref="PartitionedJobOptions.MaxParallelPartitions"/> at a time. Every partition obeys the rules of
/// <see cref="ResumableJob{TCursor}"/>. A rerun resumes each partition where it stopped and skips the completed
/// ones without fetching. Create one with <see cref="PartitionedJob.Create"/>.
/// </summary>
/// <typeparam name="TCursor">The sources' cursor type.</typeparam>
public sealed class PartitionedJob<TCursor>
{
    private readonly IReadOnlyList<JobLoop<TCursor>> _loops;
    private readonly PartitionedJobOptions _options;
    private int _running;

    internal PartitionedJob(string jobId, IReadOnlyList<string> partitionIds, IReadOnlyList<JobLoop<TCursor>> loops, ICheckpointStore store, PartitionedJobOptions options)
    {
        JobId = jobId;
        PartitionIds = partitionIds;
        _loops = loops;
        Store = store;
        _options = options;
    }

    /// <summary>The job id.</summary>
    public string JobId { get; }

    /// <summary>The partition ids, in the order the partitions were given (and are started).</summary>
    public IReadOnlyList<string> PartitionIds { get; }

    /// <summary>The checkpoint store every partition uses.</summary>
    public ICheckpointStore Store { get; }

    /// <summary>The job id under which a partition's checkpoint is kept: <c>&lt;jobId&gt;.&lt;partitionId&gt;</c>.</summary>
    /// <param name="partitionId">The partition id.</param>
    /// <returns>The partition's job id.</returns>
    /// <exception cref="KeyNotFoundException">The job has no such partition.</exception>
    public string GetPartitionJobId(string partitionId)
    {
        ArgumentNullException.ThrowIfNull(partitionId);
        for (var i = 0; i < PartitionIds.Count; i++)
        {
            if (string.Equals(PartitionIds[i], partitionId, StringComparison.Ordinal))
            {
                return _loops[i].JobId;
            }
        }

        throw new KeyNotFoundException($"Job '{JobId}' has no partition '{partitionId}'.");
    }

    /// <summary>Runs every partition that is not done yet, at most <see cref="PartitionedJobOptions.MaxParallelPartitions"/> at a time.</summary>
    /// <param name="cancellationToken">Stops every partition promptly; each checkpoint keeps its last applied page.</param>
    /// <returns>How each partition's run ended. Failures and cancellation are results, not exceptions.</returns>
    public Task<PartitionedRunResult> RunAsync(CancellationToken cancellationToken = default) => RunAsync(null, cancellationToken);

    /// <summary>Runs every partition that is not done yet, reporting progress aggregated across partitions.</summary>
    /// <param name="progress">Receives a snapshot whenever a partition reports; a handler that throws is logged and ignored.</param>
    /// <param name="cancellationToken">Stops every partition promptly; each checkpoint keeps its last applied page.</param>
    /// <returns>How each partition's run ended. Failures and cancellation are results, not exceptions.</returns>
    /// <exception cref="InvalidOperationException">This instance is already running.</exception>
    public async Task<PartitionedRunResult> RunAsync(IProgress<PartitionedProgress>? progress, CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref _running, 1) == 1)
        {
            throw new InvalidOperationException($"Job '{JobId}' is already running on this instance; a job instance runs once at a time.");
        }

        try
        {
            return await RunPartitionsAsync(progress, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            Volatile.Write(ref _running, 0);
        }
    }

    /// <summary>Loads every partition's checkpoint.</summary>
    /// <param name="cancellationToken">Cancels the loads.</param>
    /// <returns>Each partition's checkpoint (or <see langword="null"/> when it has none), keyed by partition id, in partition order.</returns>
    public async Task<IReadOnlyDictionary<string, Checkpoint?>> GetCheckpointsAsync(CancellationToken cancellationToken = default)
    {
        var checkpoints = new Dictionary<string, Checkpoint?>(StringComparer.Ordinal);
        for (var i = 0; i < _loops.Count; i++)
        {
            checkpoints[PartitionIds[i]] = await Store.LoadAsync(_loops[i].JobId, cancellationToken).ConfigureAwait(false);
        }

        return checkpoints;
    }

    /// <summary>Deletes every partition's checkpoint, so that the next run starts each partition again from its start cursor.</summary>
    /// <param name="cancellationToken">Cancels the deletes.</param>
    /// <returns>How many checkpoints were deleted.</returns>
    public async Task<int> ResetAsync(CancellationToken cancellationToken = default)
    {
        var deleted = 0;
        foreach (var loop in _loops)
        {
            if (await Store.DeleteAsync(loop.JobId, cancellationToken).ConfigureAwait(false))
            {
                deleted++;
            }
        }

        return deleted;
    }

    internal static string PartitionJobId(string jobId, string partitionId) => jobId + "." + partitionId;

    private async Task<PartitionedRunResult> RunPartitionsAsync(IProgress<PartitionedProgress>? progress, CancellationToken cancellationToken)
    {
        var time = _options.Job.TimeProvider;
        var started = time.GetTimestamp();
        var aggregator = progress is null ? null : new PartitionProgressAggregator(JobId, PartitionIds, progress, time);
        var results = new JobRunResult?[_loops.Count];
        using var stopAll = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var next = -1;

        async Task WorkAsync()
        {
            while (true)
            {
                var index = Interlocked.Increment(ref next);
                if (index >= _loops.Count)
                {
                    return;
                }

                // Once stopped, the partitions still waiting end at once as cancelled, without fetching.
                var result = await _loops[index].RunAsync(aggregator?.For(index), stopAll.Token).ConfigureAwait(false);
                results[index] = result;
                if (result.Outcome == JobOutcome.Failed && _options.FailureMode == PartitionFailureMode.StopAll)
                {
                    await stopAll.CancelAsync().ConfigureAwait(false);
                }
            }
        }

        // Each worker starts on the thread pool, so partitions whose parts complete synchronously still run in parallel.
        var workers = new Task[Math.Min(_options.MaxParallelPartitions, _loops.Count)];
        for (var i = 0; i < workers.Length; i++)
        {
            workers[i] = Task.Run(WorkAsync, CancellationToken.None);
        }

        await Task.WhenAll(workers).ConfigureAwait(false);

        var partitions = new PartitionResult[_loops.Count];
        for (var i = 0; i < partitions.Length; i++)
        {
            partitions[i] = new PartitionResult(PartitionIds[i], results[i]!);
        }

        return new PartitionedRunResult(JobId, partitions, time.GetElapsedTime(started));
    }
}
