namespace ResumableJobs;

/// <summary>
/// A checkpoint store in process memory: for tests, and for jobs that need no resume across process restarts.
/// Thread-safe; conditional saves by version like every store.
/// </summary>
public sealed class InMemoryCheckpointStore : ICheckpointStore
{
    private readonly Dictionary<string, Checkpoint> _checkpoints = new(StringComparer.Ordinal);
    private readonly object _gate = new();

    /// <inheritdoc />
    public ValueTask<Checkpoint?> LoadAsync(string jobId, CancellationToken cancellationToken)
    {
        JobIds.Validate(jobId);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            return ValueTask.FromResult(_checkpoints.GetValueOrDefault(jobId));
        }
    }

    /// <inheritdoc />
    public ValueTask<bool> TrySaveAsync(Checkpoint checkpoint, CancellationToken cancellationToken)
    {
        CheckpointValidation.ValidateForSave(checkpoint);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            var storedVersion = _checkpoints.TryGetValue(checkpoint.JobId, out var stored) ? stored.Version : 0;
            if (storedVersion != checkpoint.Version - 1)
            {
                return ValueTask.FromResult(false);
            }

            _checkpoints[checkpoint.JobId] = checkpoint;
            return ValueTask.FromResult(true);
        }
    }

    /// <inheritdoc />
    public ValueTask<bool> DeleteAsync(string jobId, CancellationToken cancellationToken)
    {
        JobIds.Validate(jobId);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            return ValueTask.FromResult(_checkpoints.Remove(jobId));
        }
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<Checkpoint>> ListAsync(string? jobIdPrefix, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            IReadOnlyList<Checkpoint> list = _checkpoints.Values
                .Where(c => jobIdPrefix is null || c.JobId.StartsWith(jobIdPrefix, StringComparison.Ordinal))
                .OrderBy(c => c.JobId, StringComparer.Ordinal)
                .ToList();
            return ValueTask.FromResult(list);
        }
    }

    /// <inheritdoc />
    public override string ToString() => "the in-memory checkpoint store";
}
