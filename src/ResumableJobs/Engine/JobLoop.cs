namespace ResumableJobs;

/// <summary>The engine's loop, typed by cursor only so that <see cref="ResumableJob{TCursor}"/> needs no item type.</summary>
internal abstract class JobLoop<TCursor>
{
    public abstract string JobId { get; }

    public abstract ICheckpointStore Store { get; }

    public abstract Task<JobRunResult> RunAsync(IProgress<SyncProgress>? progress, CancellationToken cancellationToken);
}
