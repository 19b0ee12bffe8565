namespace ResumableJobs.Testing;

/// <summary>
/// Wraps a checkpoint store and fails saves on purpose: chosen saves by number, the next few saves, or saves at
/// seeded random, each either before the save reaches the inner store (nothing written) or after it landed (the
/// acknowledgement lost). Loads, deletes and lists pass through. Thread-safe.
/// </summary>
public sealed class FaultyCheckpointStore : ICheckpointStore
{
    private readonly ICheckpointStore _inner;
    private readonly Dictionary<int, (SaveFaultTiming Timing, Func<Checkpoint, Exception>? Error)> _bySaveNumber = [];
    private readonly Queue<(SaveFaultTiming Timing, Func<Checkpoint, Exception>? Error)> _next = new();
    private readonly List<Checkpoint> _stored = [];
    private readonly object _gate = new();
    private Random? _random;
    private double _beforeSaveRate;
    private double _afterSaveRate;
    private int _saveCalls;
    private int _faultsInjected;

    /// <summary>Wraps <paramref name="inner"/>.</summary>
    /// <param name="inner">The store that really keeps the checkpoints.</param>
    public FaultyCheckpointStore(ICheckpointStore inner)
    {
        ArgumentNullException.ThrowIfNull(inner);
        _inner = inner;
    }

    /// <summary>The wrapped store.</summary>
    public ICheckpointStore Inner => _inner;

    /// <summary>How many times <see cref="TrySaveAsync"/> was called.</summary>
    public int SaveCalls => Volatile.Read(ref _saveCalls);

    /// <summary>How many save faults were injected.</summary>
    public int FaultsInjected => Volatile.Read(ref _faultsInjected);

    /// <summary>Every checkpoint the inner store accepted, in order (those whose acknowledgement was then failed included).</summary>
    public IReadOnlyList<Checkpoint> StoredCheckpoints
    {
        get
        {
            lock (_gate)
            {
                return _stored.ToArray();
            }
        }
    }

    /// <summary>Fails save call number <paramref name="saveNumber"/> (1-based, counting every call of <see cref="TrySaveAsync"/>).</summary>
    /// <param name="saveNumber">The 1-based number of the save call to fail.</param>
    /// <param name="timing">Before or after the inner save.</param>
    /// <param name="error">Creates the exception; default a <see cref="TransientFaultException"/>, which the engine retries.</param>
    public void FailSave(int saveNumber, SaveFaultTiming timing, Func<Checkpoint, Exception>? error = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(saveNumber);
        CheckTiming(timing);
        lock (_gate)
        {
            _bySaveNumber[saveNumber] = (timing, error);
        }
    }

    /// <summary>Fails the next <paramref name="count"/> save calls.</summary>
    /// <param name="count">How many.</param>
    /// <param name="timing">Before or after the inner save.</param>
    /// <param name="error">Creates the exception; default a <see cref="TransientFaultException"/>, which the engine retries.</param>
    public void FailNextSaves(int count, SaveFaultTiming timing, Func<Checkpoint, Exception>? error = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        CheckTiming(timing);
        lock (_gate)
        {
            for (var i = 0; i < count; i++)
            {
                _next.Enqueue((timing, error));
            }
        }
    }

    /// <summary>
    /// Fails saves by seeded chance, with a transient fault: each save call fails before the inner save with
    /// probability <paramref name="beforeSaveRate"/>, or else after it landed with probability <paramref name="afterSaveRate"/>.
    /// </summary>
    /// <param name="seed">Seeds the chance, so that the same sequence of saves gets the same faults.</param>
    /// <param name="beforeSaveRate">The chance of a fault before the save, from 0 to 1.</param>
    /// <param name="afterSaveRate">The chance of a fault after the save landed, from 0 to 1.</param>
    public void FailSavesAtRandom(int seed, double beforeSaveRate, double afterSaveRate)
    {
        if (double.IsNaN(beforeSaveRate) || beforeSaveRate is < 0 or > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(beforeSaveRate), beforeSaveRate, "The rate must be from 0 to 1.");
        }

        if (double.IsNaN(afterSaveRate) || afterSaveRate is < 0 or > 1 || beforeSaveRate + afterSaveRate > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(afterSaveRate), afterSaveRate, "The rate must be from 0 to 1, and the two rates must add up to at most 1.");
        }

        lock (_gate)
        {
            _random = new Random(seed);
            _beforeSaveRate = beforeSaveRate;
            _afterSaveRate = afterSaveRate;
        }
    }

    /// <summary>Cancels every planned fault and turns random faults off.</summary>
    public void Heal()
    {
        lock (_gate)
        {
            _bySaveNumber.Clear();
            _next.Clear();
            _random = null;
        }
    }

    /// <inheritdoc />
    public ValueTask<Checkpoint?> LoadAsync(string jobId, CancellationToken cancellationToken) => _inner.LoadAsync(jobId, cancellationToken);

    /// <inheritdoc />
    public async ValueTask<bool> TrySaveAsync(Checkpoint checkpoint, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        (SaveFaultTiming Timing, Func<Checkpoint, Exception>? Error)? fault;
        int number;
        lock (_gate)
        {
            number = ++_saveCalls;
            fault = PlanFault(number);
        }

        if (fault is { Timing: SaveFaultTiming.BeforeSave } before)
        {
            Interlocked.Increment(ref _faultsInjected);
            throw Create(before.Error, checkpoint, number, "before it reached the store; nothing was written");
        }

        var saved = await _inner.TrySaveAsync(checkpoint, cancellationToken).ConfigureAwait(false);
        if (saved)
        {
            lock (_gate)
            {
                _stored.Add(checkpoint);
            }
        }

        if (fault is { Timing: SaveFaultTiming.AfterSave } after)
        {
            Interlocked.Increment(ref _faultsInjected);
            throw Create(after.Error, checkpoint, number, saved ? "after the checkpoint was stored; its acknowledgement was lost" : "after the store refused it");
        }

        return saved;
    }

    /// <inheritdoc />
    public ValueTask<bool> DeleteAsync(string jobId, CancellationToken cancellationToken) => _inner.DeleteAsync(jobId, cancellationToken);

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<Checkpoint>> ListAsync(string? jobIdPrefix, CancellationToken cancellationToken) => _inner.ListAsync(jobIdPrefix, cancellationToken);

    /// <inheritdoc />
    public override string ToString() => $"{_inner} (with injected save faults)";

    private static Exception Create(Func<Checkpoint, Exception>? error, Checkpoint checkpoint, int number, string when) =>
        error?.Invoke(checkpoint)
        ?? new TransientFaultException($"Chaos: save #{number} (job '{checkpoint.JobId}', version {checkpoint.Version}) failed {when}.");

    private static void CheckTiming(SaveFaultTiming timing)
    {
        if (!Enum.IsDefined(timing))
        {
            throw new ArgumentOutOfRangeException(nameof(timing), timing, "Unknown timing.");
        }
    }

    private (SaveFaultTiming Timing, Func<Checkpoint, Exception>? Error)? PlanFault(int number)
    {
        if (_bySaveNumber.Remove(number, out var chosen))
        {
            return chosen;
        }

        if (_next.TryDequeue(out var next))
        {
            return next;
        }

        if (_random is { } random)
        {
            var roll = random.NextDouble();
            if (roll < _beforeSaveRate)
            {
                return (SaveFaultTiming.BeforeSave, null);
            }

            if (roll < _beforeSaveRate + _afterSaveRate)
            {
                return (SaveFaultTiming.AfterSave, null);
            }
        }

        return null;
    }
}
