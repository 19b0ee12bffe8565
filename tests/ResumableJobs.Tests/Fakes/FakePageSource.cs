namespace ResumableJobs.Tests.Fakes;

/// <summary>
/// An in-memory, deterministic page source over int cursors, with fault hooks before and after each fetch. Item
/// values carry <see cref="Generation"/>, so a test can tell which fetch a sink's value came from (bump it between
/// runs, as a live source changes).
/// </summary>
public sealed class FakePageSource : IPageSource<int, SourceItem>
{
    private readonly Dictionary<int, FakePage> _pages;
    private readonly object _gate = new();
    private readonly Dictionary<int, int> _callsByCursor = new();
    private readonly List<FetchRecord> _fetches = new();
    private int _calls;

    public FakePageSource(IEnumerable<FakePage> pages)
    {
        _pages = pages.ToDictionary(p => p.Cursor);
    }

    /// <summary>Pages at cursors 0, 1, ... of the given sizes, with item ids 1, 2, ... in order; each but the last says "more".</summary>
    public static FakePageSource WithPageSizes(params int[] sizes)
    {
        var pages = new List<FakePage>();
        var nextId = 1;
        for (var cursor = 0; cursor < sizes.Length; cursor++)
        {
            var ids = Enumerable.Range(nextId, sizes[cursor]).ToArray();
            nextId += sizes[cursor];
            var last = cursor == sizes.Length - 1;
            pages.Add(new FakePage(cursor, ids, last ? null : cursor + 1, !last));
        }

        return new FakePageSource(pages);
    }

    public static FakePageSource Uniform(int pageCount, int itemsPerPage) =>
        WithPageSizes(Enumerable.Repeat(itemsPerPage, pageCount).ToArray());

    /// <summary>Stamped into every item value; a test bumps it between runs.</summary>
    public int Generation { get; set; } = 1;

    /// <summary>Called before a fetch reads anything; a returned exception is thrown.</summary>
    public Func<FetchCall, Exception?>? BeforeFetch { get; set; }

    /// <summary>Awaited during a fetch (to block, or to let the fake clock move as real work would).</summary>
    public Func<FetchCall, CancellationToken, ValueTask>? DuringFetch { get; set; }

    /// <summary>Called after the page was read, before it is returned; a returned exception is thrown (the page is lost).</summary>
    public Func<FetchCall, Exception?>? AfterFetch { get; set; }

    public IReadOnlyList<int> ItemIds => _pages.Values.OrderBy(p => p.Cursor).SelectMany(p => p.ItemIds).ToArray();

    public IReadOnlyCollection<FakePage> Pages => _pages.Values;

    public int TotalCalls
    {
        get
        {
            lock (_gate)
            {
                return _calls;
            }
        }
    }

    public IReadOnlyList<FetchRecord> Fetches
    {
        get
        {
            lock (_gate)
            {
                return _fetches.ToArray();
            }
        }
    }

    public static string ValueFor(int id, int generation) => $"item-{id}@gen-{generation}";

    public int CallsFor(int cursor)
    {
        lock (_gate)
        {
            return _callsByCursor.GetValueOrDefault(cursor);
        }
    }

    /// <summary>For each item, the value of the last fetch that returned it to the engine.</summary>
    public IReadOnlyDictionary<int, string> LatestFetchedValues()
    {
        var latest = new Dictionary<int, string>();
        foreach (var item in Fetches.SelectMany(f => f.Items))
        {
            latest[item.Id] = item.Value;
        }

        return latest;
    }

    public async ValueTask<Page<int, SourceItem>> FetchPageAsync(int cursor, CancellationToken cancellationToken)
    {
        FetchCall call;
        lock (_gate)
        {
            _calls++;
            _callsByCursor[cursor] = _callsByCursor.GetValueOrDefault(cursor) + 1;
            call = new FetchCall(cursor, _callsByCursor[cursor], _calls);
        }

        if (BeforeFetch?.Invoke(call) is { } before)
        {
            throw before;
        }

        if (DuringFetch is { } during)
        {
            await during(call, cancellationToken);
        }

        cancellationToken.ThrowIfCancellationRequested();
        if (!_pages.TryGetValue(cursor, out var spec))
        {
            throw new InvalidOperationException($"Test bug: the fake source has no page at cursor {cursor}.");
        }

        var generation = Generation;
        var items = spec.ItemIds.Select(id => new SourceItem(id, cursor, ValueFor(id, generation))).ToArray();
        if (AfterFetch?.Invoke(call) is { } after)
        {
            throw after;
        }

        lock (_gate)
        {
            _fetches.Add(new FetchRecord(cursor, items));
        }

        if (spec.HasMore)
        {
            return Page.More<int, SourceItem>(items, spec.NextCursor!.Value);
        }

        return spec.NextCursor is { } watermark ? Page.Last<int, SourceItem>(items, watermark) : Page.Last<int, SourceItem>(items);
    }
}
