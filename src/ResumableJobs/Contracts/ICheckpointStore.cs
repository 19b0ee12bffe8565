namespace ResumableJobs;

/// <summary>
/// Loads, saves and deletes checkpoints by job id. The store sees the cursor already serialized, so a custom
/// store never needs to know the cursor's type. Implementations must be safe for concurrent use.
/// </summary>
public interface ICheckpointStore
{
    /// <summary>Loads the checkpoint of a job.</summary>
    /// <param name="jobId">The job id.</param>
    /// <param name="cancellationToken">Cancels the load.</param>
    /// <returns>The checkpoint, or <see langword="null"/> when the job has none.</returns>
    /// <exception cref="CheckpointCorruptException">A checkpoint exists but cannot be read.</exception>
    ValueTask<Checkpoint?> LoadAsync(string jobId, CancellationToken cancellationToken);

    /// <summary>
    /// Saves <paramref name="checkpoint"/> on condition that the stored version of its job is
    /// <c>checkpoint.Version - 1</c> (no checkpoint stored counts as version 0). This is what keeps two runners
    /// of one job from overwriting each other.
    /// </summary>
    /// <param name="checkpoint">The checkpoint to store; its <see cref="Checkpoint.Version"/> is at least 1.</param>
    /// <param name="cancellationToken">Cancels the save.</param>
    /// <returns><see langword="true"/> when saved; <see langword="false"/> when the stored version was not
    /// <c>checkpoint.Version - 1</c> (another writer saved first), in which case nothing was written.</returns>
    ValueTask<bool> TrySaveAsync(Checkpoint checkpoint, CancellationToken cancellationToken);

    /// <summary>Deletes a job's checkpoint, so that the job's next run starts from its start cursor.</summary>
    /// <param name="jobId">The job id.</param>
    /// <param name="cancellationToken">Cancels the delete.</param>
    /// <returns><see langword="true"/> when a checkpoint was deleted; <see langword="false"/> when there was none.</returns>
    ValueTask<bool> DeleteAsync(string jobId, CancellationToken cancellationToken);

    /// <summary>Lists the stored checkpoints, optionally only those whose job id starts with a prefix.</summary>
    /// <param name="jobIdPrefix">An ordinal prefix of the job ids to list, or <see langword="null"/> for all.</param>
    /// <param name="cancellationToken">Cancels the listing.</param>
    /// <returns>The checkpoints, ordered by job id (ordinal).</returns>
    ValueTask<IReadOnlyList<Checkpoint>> ListAsync(string? jobIdPrefix, CancellationToken cancellationToken);
}
