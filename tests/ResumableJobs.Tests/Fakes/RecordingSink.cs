namespace ResumableJobs.Tests.Fakes;

/// <summary>One call of <see cref="RecordingSink.ApplyAsync"/>.</summary>
public sealed record ApplyCall(PageContext Context, IReadOnlyList<int> ItemIds, int Call);

/// <summary>
/// An idempotent sink: an upsert per item keyed by id. It counts applies per page (started and completed), writes
/// per item, and checks the contract (never an empty page; every item from the page the context names). Hooks let a
/// test block an apply, throw on a chosen item (mid-page), or throw after the page was written.
/// </summary>
public sealed class RecordingSink : IIdempotentSink<SourceItem>
{
    private readonly object _gate = new();
    private readonly Dictionary<int, SourceItem> _rows = new();
    private readonly Dictionary<int, int> _writesById = new();
    private readonly Dictionary<long, int> _startedByPage = new();
    private readonly Dictionary<long, int> _completedByPage = new();
    private readonly List<string> _contractViolations = new();
    private int _calls;

    /// <summary>Awaited before anything is written (to block an apply until a test releases it).</summary>
    public Func<ApplyCall, CancellationToken, ValueTask>? BeforeApply { get; set; }

    /// <summary>Called before each item is written; a returned exception is thrown, leaving the earlier items written.</summary>
    public Func<SourceItem, PageContext, Exception?>? ThrowOn { get; set; }

    /// <summary>Called after the whole page was written; a returned exception is thrown (the page counts as applied).</summary>
    public Func<ApplyCall, Exception?>? AfterApply { get; set; }

    public IReadOnlyDictionary<int, SourceItem> Rows
    {
        get
        {
            lock (_gate)
            {
                return new Dictionary<int, SourceItem>(_rows);
            }
        }
    }

    public IReadOnlyList<string> ContractViolations
    {
        get
        {
            lock (_gate)
            {
                return _contractViolations.ToArray();
            }
        }
    }

    public int Calls
    {
        get
        {
            lock (_gate)
            {
                return _calls;
            }
        }
    }

    public int WritesOf(int id)
    {
        lock (_gate)
        {
            return _writesById.GetValueOrDefault(id);
        }
    }

    public int StartedAppliesOf(long pageNumber)
    {
        lock (_gate)
        {
            return _startedByPage.GetValueOrDefault(pageNumber);
        }
    }

    public int CompletedAppliesOf(long pageNumber)
    {
        lock (_gate)
        {
            return _completedByPage.GetValueOrDefault(pageNumber);
        }
    }

    public IReadOnlyDictionary<long, int> CompletedAppliesByPage
    {
        get
        {
            lock (_gate)
            {
                return new Dictionary<long, int>(_completedByPage);
            }
        }
    }

    public async ValueTask ApplyAsync(IReadOnlyList<SourceItem> items, PageContext context, CancellationToken cancellationToken)
    {
        ApplyCall call;
        lock (_gate)
        {
            _calls++;
            call = new ApplyCall(context, items.Select(i => i.Id).ToArray(), _calls);
            _startedByPage[context.PageNumber] = _startedByPage.GetValueOrDefault(context.PageNumber) + 1;
            if (items.Count == 0)
            {
                _contractViolations.Add($"page {context.PageNumber} was applied with no items");
            }

            foreach (var item in items.Where(i => i.PageCursor.ToString(System.Globalization.CultureInfo.InvariantCulture) != context.Cursor))
            {
                _contractViolations.Add($"item {item.Id} of the page at cursor {item.PageCursor} was applied with context cursor {context.Cursor}");
            }
        }

        if (BeforeApply is { } before)
        {
            await before(call, cancellationToken);
        }

        foreach (var item in items)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (ThrowOn?.Invoke(item, context) is { } fault)
            {
                throw fault;
            }

            lock (_gate)
            {
                _rows[item.Id] = item;
                _writesById[item.Id] = _writesById.GetValueOrDefault(item.Id) + 1;
            }
        }

        lock (_gate)
        {
            _completedByPage[context.PageNumber] = _completedByPage.GetValueOrDefault(context.PageNumber) + 1;
        }

        if (AfterApply?.Invoke(call) is { } after)
        {
            throw after;
        }
    }
}
