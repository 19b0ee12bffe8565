namespace ResumableJobs.Tests.Fakes;

/// <summary>
/// Wraps a real store: injects faults before and after saves (and before loads), can hold a save on a gate, and logs
/// every checkpoint that was saved, in order, so a test can prove the stored cursor never moved backward.
/// </summary>
public sealed class FaultInjectingCheckpointStore(ICheckpointStore inner) : ICheckpointStore
{
    private readonly object _gate = new();
    private readonly List<Checkpoint> _saved = new();
    private readonly List<Checkpoint> _refused = new();
    private int _saveAttempts;
    private int _loads;

    public FaultInjectingCheckpointStore()
        : this(new InMemoryCheckpointStore())
    {
    }

    public ICheckpointStore Inner => inner;

    /// <summary>Called before a save reaches the store; a returned exception is thrown and nothing is saved.</summary>
    public Func<Checkpoint, Exception?>? BeforeSave { get; set; }

    /// <summary>Awaited before a save reaches the store (to hold a save in flight).</summary>
    public Func<Checkpoint, CancellationToken, Task>? SaveGate { get; set; }

    /// <summary>Called after a save the store accepted; a returned exception is thrown although the checkpoint is stored.</summary>
    public Func<Checkpoint, Exception?>? AfterSave { get; set; }

    /// <summary>Called before a load; a returned exception is thrown.</summary>
    public Func<string, Exception?>? BeforeLoad { get; set; }

    public IReadOnlyList<Checkpoint> SavedCheckpoints
    {
        get
        {
            lock (_gate)
            {
                return _saved.ToArray();
            }
        }
    }

    public IReadOnlyList<Checkpoint> RefusedCheckpoints
    {
        get
        {
            lock (_gate)
            {
                return _refused.ToArray();
            }
        }
    }

    public int SaveAttempts
    {
        get
        {
            lock (_gate)
            {
                return _saveAttempts;
            }
        }
    }

    public int Loads
    {
        get
        {
            lock (_gate)
            {
                return _loads;
            }
        }
    }

    public ValueTask<Checkpoint?> LoadAsync(string jobId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _loads++;
        }

        if (BeforeLoad?.Invoke(jobId) is { } fault)
        {
            throw fault;
        }

        return inner.LoadAsync(jobId, cancellationToken);
    }

    public async ValueTask<bool> TrySaveAsync(Checkpoint checkpoint, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _saveAttempts++;
        }

        if (BeforeSave?.Invoke(checkpoint) is { } before)
        {
            throw before;
        }

        if (SaveGate is { } gate)
        {
            await gate(checkpoint, cancellationToken);
        }

        var saved = await inner.TrySaveAsync(checkpoint, cancellationToken);
        lock (_gate)
        {
            (saved ? _saved : _refused).Add(checkpoint);
        }

        if (saved && AfterSave?.Invoke(checkpoint) is { } after)
        {
            throw after;
        }

        return saved;
    }

    public ValueTask<bool> DeleteAsync(string jobId, CancellationToken cancellationToken) => inner.DeleteAsync(jobId, cancellationToken);

    public ValueTask<IReadOnlyList<Checkpoint>> ListAsync(string? jobIdPrefix, CancellationToken cancellationToken) =>
        inner.ListAsync(jobIdPrefix, cancellationToken);

    public override string ToString() => inner.ToString() ?? nameof(FaultInjectingCheckpointStore);
}
