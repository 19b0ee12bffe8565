namespace ResumableJobs;

/// <summary>
/// A job that fetches pages from a source, applies each to an idempotent sink, and checkpoints after each apply,
/// so that a run killed at any point resumes from its last checkpoint and replays at most one page (at most
/// <see cref="ResumableJobOptions.CheckpointEveryPages"/> pages when checkpoints are saved less often). While a page
/// is applied and checkpointed the next one is already being fetched (<see cref="ResumableJobOptions.PrefetchPages"/>).
/// Create one with <see cref="ResumableJob.Create"/> or resolve one from dependency injection; for a job made of
/// partitions see <see cref="PartitionedJob.Create"/>.
/// </summary>
/// <typeparam name="TCursor">The source's cursor type.</typeparam>
public sealed class ResumableJob<TCursor>
{
    private readonly JobLoop<TCursor> _loop;
    private int _running;

    internal ResumableJob(JobLoop<TCursor> loop)
    {
        _loop = loop;
    }

    /// <summary>The job id.</summary>
    public string JobId => _loop.JobId;

    /// <summary>The checkpoint store this job uses.</summary>
    public ICheckpointStore Store => _loop.Store;

    /// <summary>Runs the job until the source has no more pages, it fails, or it is cancelled.</summary>
    /// <param name="cancellationToken">Stops the run promptly; the checkpoint keeps the last fully applied page.</param>
    /// <returns>How the run ended. Failures and cancellation are results, not exceptions.</returns>
    public Task<JobRunResult> RunAsync(CancellationToken cancellationToken = default) => RunAsync(null, cancellationToken);

    /// <summary>Runs the job, reporting progress after every checkpoint and on every retry and failure.</summary>
    /// <param name="progress">Receives progress. <see cref="IProgress{T}.Report"/> is called on the job's own thread
    /// and an exception it throws is logged and ignored; <see cref="InlineProgress{T}"/> runs a handler that way.
    /// (<see cref="Progress{T}"/> runs its handler later on another thread, where the engine cannot catch it.)</param>
    /// <param name="cancellationToken">Stops the run promptly; the checkpoint keeps the last fully applied page.</param>
    /// <returns>How the run ended. Failures and cancellation are results, not exceptions.</returns>
    /// <exception cref="InvalidOperationException">This instance is already running.</exception>
    public async Task<JobRunResult> RunAsync(IProgress<SyncProgress>? progress, CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref _running, 1) == 1)
        {
            throw new InvalidOperationException($"Job '{JobId}' is already running on this instance; a job instance runs once at a time.");
        }

        try
        {
            return await _loop.RunAsync(progress, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            Volatile.Write(ref _running, 0);
        }
    }

    /// <summary>Loads the job's current checkpoint.</summary>
    /// <param name="cancellationToken">Cancels the load.</param>
    /// <returns>The checkpoint, or <see langword="null"/> when the job has none.</returns>
    public ValueTask<Checkpoint?> GetCheckpointAsync(CancellationToken cancellationToken = default) =>
        _loop.Store.LoadAsync(JobId, cancellationToken);

    /// <summary>Deletes the job's checkpoint, so that its next run starts again from the start cursor.</summary>
    /// <param name="cancellationToken">Cancels the delete.</param>
    /// <returns><see langword="true"/> when a checkpoint was deleted.</returns>
    public ValueTask<bool> ResetAsync(CancellationToken cancellationToken = default) =>
        _loop.Store.DeleteAsync(JobId, cancellationToken);
}
