namespace ResumableJobs.Testing;

/// <summary>
/// An idempotent in-memory sink that upserts items by key and records every apply, so that a test can check what
/// a job did: which pages were applied, how often, and what the destination holds. It can be told to fail on a
/// chosen item, after writing the items before it (a page applied in part, as a real destination can be). Thread-safe.
/// </summary>
/// <typeparam name="TItem">The item type.</typeparam>
public sealed class RecordingSink<TItem> : IIdempotentSink<TItem>
{
    private readonly Func<TItem, string> _keySelector;
    private readonly Dictionary<string, TItem> _state = new(StringComparer.Ordinal);
    private readonly List<RecordedApply> _applies = [];
    private readonly List<ArmedFailure> _failures = [];
    private readonly object _gate = new();
    private long _writes;

    /// <summary>Creates a sink that keys items with <paramref name="keySelector"/>.</summary>
    /// <param name="keySelector">The stable key of an item: an apply replaces the item stored under the same key.</param>
    public RecordingSink(Func<TItem, string> keySelector)
    {
        ArgumentNullException.ThrowIfNull(keySelector);
        _keySelector = keySelector;
    }

    /// <summary>A snapshot of what the sink holds, by key.</summary>
    public IReadOnlyDictionary<string, TItem> State
    {
        get
        {
            lock (_gate)
            {
                return new Dictionary<string, TItem>(_state, StringComparer.Ordinal);
            }
        }
    }

    /// <summary>Every apply so far, failed ones included, in order.</summary>
    public IReadOnlyList<RecordedApply> Applies
    {
        get
        {
            lock (_gate)
            {
                return _applies.ToArray();
            }
        }
    }

    /// <summary>How many single-item upserts the sink performed, replays included.</summary>
    public long WriteCount => Interlocked.Read(ref _writes);

    /// <summary>How many applies of page <paramref name="pageNumber"/> (1-based, as in <see cref="PageContext.PageNumber"/>) wrote at least one item.</summary>
    /// <param name="pageNumber">The page number.</param>
    /// <returns>The count.</returns>
    public int ApplyCount(long pageNumber)
    {
        lock (_gate)
        {
            return _applies.Count(a => a.Context.PageNumber == pageNumber && a.ItemsWritten > 0);
        }
    }

    /// <summary>The page numbers that were written (in full or in part) more than once, in ascending order.</summary>
    /// <returns>The page numbers.</returns>
    public IReadOnlyList<long> PagesAppliedMoreThanOnce()
    {
        lock (_gate)
        {
            return _applies.Where(a => a.ItemsWritten > 0)
                .GroupBy(a => a.Context.PageNumber)
                .Where(g => g.Count() > 1)
                .Select(g => g.Key)
                .Order()
                .ToArray();
        }
    }

    /// <summary>
    /// Makes the next <paramref name="times"/> applies that reach an item matching <paramref name="predicate"/>
    /// throw before writing it; the items before it in the page are written.
    /// </summary>
    /// <param name="predicate">Which item to fail on.</param>
    /// <param name="times">How many applies fail before the fault heals.</param>
    /// <param name="error">Creates the exception; default a fatal <see cref="ChaosFatalFaultException"/>. Return a
    /// <see cref="TransientFaultException"/> to have the engine retry the page.</param>
    public void FailOnItem(Func<TItem, bool> predicate, int times = 1, Func<TItem, Exception>? error = null)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(times);
        lock (_gate)
        {
            _failures.Add(new ArmedFailure(predicate, times, error ?? (item => new ChaosFatalFaultException($"Chaos: the sink failed on item '{_keySelector(item)}'."))));
        }
    }

    /// <summary>Disarms every failure set with <see cref="FailOnItem"/>.</summary>
    public void ClearFailures()
    {
        lock (_gate)
        {
            _failures.Clear();
        }
    }

    /// <inheritdoc />
    public ValueTask ApplyAsync(IReadOnlyList<TItem> items, PageContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(items);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            var keys = items.Select(_keySelector).ToArray();
            for (var i = 0; i < items.Count; i++)
            {
                var item = items[i];
                if (_failures.FirstOrDefault(f => f.Remaining > 0 && f.Predicate(item)) is { } failure)
                {
                    failure.Remaining--;
                    var error = failure.Error(item);
                    _applies.Add(new RecordedApply(context, keys, i, error));
                    return ValueTask.FromException(error);
                }

                _state[keys[i]] = item;
                Interlocked.Increment(ref _writes);
            }

            _applies.Add(new RecordedApply(context, keys, items.Count, null));
        }

        return ValueTask.CompletedTask;
    }

    private sealed class ArmedFailure(Func<TItem, bool> predicate, int remaining, Func<TItem, Exception> error)
    {
        public Func<TItem, bool> Predicate { get; } = predicate;

        public int Remaining { get; set; } = remaining;

        public Func<TItem, Exception> Error { get; } = error;
    }
}
