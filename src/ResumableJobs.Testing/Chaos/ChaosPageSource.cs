using System.Net;
using System.Net.Http;

namespace ResumableJobs.Testing;

/// <summary>
/// A page source over a deterministic data set (from <see cref="ChaosPageSourceOptions.Seed"/>) that injects
/// faults into fetches: on a schedule (<see cref="Schedule"/>) and by seeded chance (the rates in the options).
/// The cursor is the index of a page's first item in the stream; the last page returns the item count as its
/// final cursor. Thread-safe.
/// </summary>
public sealed class ChaosPageSource : IPageSource<long, ChaosItem>, IEstimatesTotalItems
{
    private readonly ChaosPageSourceOptions _options;
    private readonly ChaosItem[] _items;
    private readonly Dictionary<string, ChaosItem> _expectedFinalState;
    private readonly Random _faultRandom;
    private readonly Dictionary<long, Queue<ChaosFault>> _scheduled = [];
    private readonly Dictionary<ChaosFault, int> _injected = [];
    private readonly List<long> _fetchedPages = [];
    private readonly object _gate = new();

    /// <summary>Creates a source with options.</summary>
    /// <param name="options">The data set and fault mix; validated and copied here.</param>
    /// <exception cref="ArgumentException">An option is invalid.</exception>
    public ChaosPageSource(ChaosPageSourceOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options.Clone();
        (_items, _expectedFinalState) = Generate(_options.Seed, _options.ItemCount, _options.UpdateFraction);

        // A separate stream of randomness for faults, so that the fault mix never changes the data set.
        _faultRandom = new Random(unchecked((_options.Seed * 397) ^ 0x5EED));
    }

    /// <summary>Creates a fault-free source of <paramref name="itemCount"/> items in pages of <paramref name="pageSize"/>.</summary>
    /// <param name="seed">Seeds the data set.</param>
    /// <param name="itemCount">How many items the stream holds.</param>
    /// <param name="pageSize">Items per page.</param>
    public ChaosPageSource(int seed, int itemCount, int pageSize)
        : this(new ChaosPageSourceOptions { Seed = seed, ItemCount = itemCount, PageSize = pageSize })
    {
    }

    /// <summary>The cursor of the first page.</summary>
    public static long StartCursor => 0;

    /// <summary>The whole stream, in order, updates included.</summary>
    public IReadOnlyList<ChaosItem> Items => _items;

    /// <summary>What an idempotent sink must hold after the job completes: the latest revision of every id.</summary>
    public IReadOnlyDictionary<string, ChaosItem> ExpectedFinalState => _expectedFinalState;

    /// <summary>How many pages the stream has (at least 1: an empty stream is one empty last page).</summary>
    public long PageCount => Math.Max(1, (_items.Length + _options.PageSize - 1) / _options.PageSize);

    /// <summary>How many fetches were attempted, faulty ones included.</summary>
    public int FetchCount
    {
        get
        {
            lock (_gate)
            {
                return _fetchedPages.Count;
            }
        }
    }

    /// <summary>The 0-based page number of every fetch attempted, in order.</summary>
    public IReadOnlyList<long> FetchedPages
    {
        get
        {
            lock (_gate)
            {
                return _fetchedPages.ToArray();
            }
        }
    }

    /// <summary>How many faults of a kind were injected so far.</summary>
    /// <param name="fault">The kind of fault.</param>
    /// <returns>The count.</returns>
    public int InjectedCount(ChaosFault fault)
    {
        lock (_gate)
        {
            return _injected.GetValueOrDefault(fault);
        }
    }

    /// <summary>
    /// Injects <paramref name="fault"/> into the next <paramref name="times"/> fetches of page <paramref name="page"/>
    /// (0-based), before any chance-based fault. Faults scheduled for one page are injected in the order scheduled.
    /// </summary>
    /// <param name="page">The 0-based page number.</param>
    /// <param name="fault">The fault.</param>
    /// <param name="times">How many fetches of the page get it.</param>
    public void Schedule(long page, ChaosFault fault, int times = 1)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(page);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(times);
        if (!Enum.IsDefined(fault))
        {
            throw new ArgumentOutOfRangeException(nameof(fault), fault, "Unknown fault.");
        }

        lock (_gate)
        {
            if (!_scheduled.TryGetValue(page, out var queue))
            {
                _scheduled[page] = queue = new Queue<ChaosFault>();
            }

            for (var i = 0; i < times; i++)
            {
                queue.Enqueue(fault);
            }
        }
    }

    /// <summary>Cancels every scheduled fault not yet injected, and turns chance-based faults off.</summary>
    public void Heal()
    {
        lock (_gate)
        {
            _scheduled.Clear();
            _options.TransientFaultRate = 0;
            _options.FatalFaultRate = 0;
            _options.ThrottleRate = 0;
            _options.SlowPageRate = 0;
        }
    }

    /// <inheritdoc />
    public async ValueTask<Page<long, ChaosItem>> FetchPageAsync(long cursor, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var pageSize = _options.PageSize;
        if (cursor < 0 || cursor > _items.Length || cursor % pageSize != 0 || (cursor == _items.Length && _items.Length > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(cursor), cursor, $"Cursor {cursor} is not the start of a page of this source ({_items.Length} items, pages of {pageSize}).");
        }

        var page = cursor / pageSize;
        ChaosFault? fault;
        int fetchNumber;
        lock (_gate)
        {
            _fetchedPages.Add(page);
            fetchNumber = _fetchedPages.Count;
            fault = NextFault(page);
            if (fault is { } injected)
            {
                _injected[injected] = _injected.GetValueOrDefault(injected) + 1;
            }
        }

        switch (fault)
        {
            case ChaosFault.Transient:
                throw new TransientFaultException($"Chaos: transient fault fetching page {page} (fetch #{fetchNumber}).");
            case ChaosFault.Fatal:
                throw new ChaosFatalFaultException($"Chaos: fatal fault fetching page {page} (fetch #{fetchNumber}).");
            case ChaosFault.Throttle:
                var status = new HttpRequestException($"Chaos: 429 Too Many Requests fetching page {page}.", null, HttpStatusCode.TooManyRequests);
                throw new TransientFaultException($"Chaos: 429 Too Many Requests fetching page {page} (fetch #{fetchNumber}), retry after {_options.ThrottleRetryAfter}.", _options.ThrottleRetryAfter, status);
            case ChaosFault.Slow:
                await Task.Delay(_options.SlowPageDelay, _options.TimeProvider, cancellationToken).ConfigureAwait(false);
                break;
        }

        var start = (int)cursor;
        var count = Math.Min(pageSize, _items.Length - start);
        var items = new ChaosItem[count];
        Array.Copy(_items, start, items, 0, count);
        long next = start + count;
        return next < _items.Length
            ? new Page<long, ChaosItem>(items, next, hasMore: true)
            : new Page<long, ChaosItem>(items, next, hasMore: false);
    }

    /// <inheritdoc />
    public ValueTask<long?> EstimateTotalItemsAsync(CancellationToken cancellationToken) => ValueTask.FromResult<long?>(_items.Length);

    private static (ChaosItem[] Items, Dictionary<string, ChaosItem> Final) Generate(int seed, int count, double updateFraction)
    {
        var random = new Random(seed);
        var items = new ChaosItem[count];
        var ids = new List<string>();
        var final = new Dictionary<string, ChaosItem>(StringComparer.Ordinal);
        for (var i = 0; i < count; i++)
        {
            string id;
            if (ids.Count > 0 && random.NextDouble() < updateFraction)
            {
                id = ids[random.Next(ids.Count)];
            }
            else
            {
                id = $"item-{ids.Count:D7}";
                ids.Add(id);
            }

            var item = new ChaosItem(id, i, $"{id}@r{i}:{random.Next():x8}");
            items[i] = item;
            final[id] = item;
        }

        return (items, final);
    }

    private ChaosFault? NextFault(long page)
    {
        if (_scheduled.TryGetValue(page, out var queue) && queue.Count > 0)
        {
            return queue.Dequeue();
        }

        var roll = _faultRandom.NextDouble();
        if ((roll -= _options.TransientFaultRate) < 0)
        {
            return ChaosFault.Transient;
        }

        if ((roll -= _options.FatalFaultRate) < 0)
        {
            return ChaosFault.Fatal;
        }

        if ((roll -= _options.ThrottleRate) < 0)
        {
            return ChaosFault.Throttle;
        }

        return (roll - _options.SlowPageRate) < 0 ? ChaosFault.Slow : null;
    }
}
