using System.Collections.Concurrent;

namespace ResumableJobs.Tests.Throughput;

/// <summary>An ordered log of what source, sink and store did, shared by one test.</summary>
internal sealed class EventLog
{
    private readonly List<string> _events = [];

    public void Add(string entry)
    {
        lock (_events)
        {
            _events.Add(entry);
        }
    }

    public IReadOnlyList<string> Snapshot()
    {
        lock (_events)
        {
            return [.. _events];
        }
    }

    public int IndexOf(string entry) => Snapshot().ToList().IndexOf(entry);
}

/// <summary>A fault that stands for the process being killed: after it, nothing of the run gets through.</summary>
internal sealed class CrashException() : Exception("simulated crash");

/// <summary>Once tripped, every source, sink and store call of the run throws, as if the process had died.</summary>
internal sealed class KillSwitch
{
    public bool Tripped { get; private set; }

    public void Trip()
    {
        Tripped = true;
        throw new CrashException();
    }

    public void ThrowIfTripped()
    {
        if (Tripped)
        {
            throw new CrashException();
        }
    }
}

/// <summary>
/// Pages 1..PageCount (cursor = page number), each with ItemsPerPage items numbered from 1. Hooks let a test hold or
/// fail a fetch; it records every fetch and checks that fetches never overlap.
/// </summary>
internal sealed class NumberedSource(int pageCount, int itemsPerPage = 10, EventLog? log = null) : IPageSource<int, int>
{
    private int _inFlight;

    public ConcurrentQueue<int> FetchesStarted { get; } = new();

    public ConcurrentQueue<int> FetchesEnded { get; } = new();

    public ConcurrentDictionary<int, bool> TokenCancelledAtEnd { get; } = new();

    public int MaxConcurrentFetches { get; private set; }

    private ConcurrentDictionary<int, TaskCompletionSource> EndSignals { get; } = new();

    /// <summary>Completes when a fetch of <paramref name="cursor"/> has ended (returned or thrown).</summary>
    public Task Ended(int cursor) => EndSignal(cursor).Task;

    /// <summary>Runs at the start of a fetch (after it is recorded); may await a gate or throw.</summary>
    public Func<int, CancellationToken, ValueTask>? OnFetch { get; set; }

    public KillSwitch? Kill { get; set; }

    public Func<int, int> ItemsOnPage { get; set; } = _ => itemsPerPage;

    public int PageCount => pageCount;

    public async ValueTask<Page<int, int>> FetchPageAsync(int cursor, CancellationToken cancellationToken)
    {
        Kill?.ThrowIfTripped();
        var inFlight = Interlocked.Increment(ref _inFlight);
        MaxConcurrentFetches = Math.Max(MaxConcurrentFetches, inFlight);
        FetchesStarted.Enqueue(cursor);
        log?.Add($"fetch:{cursor}");
        try
        {
            if (cursor < 1 || cursor > pageCount)
            {
                throw new InvalidOperationException($"fetch past the source: cursor {cursor}");
            }

            if (OnFetch is { } hook)
            {
                await hook(cursor, cancellationToken);
            }

            Kill?.ThrowIfTripped();
            var count = ItemsOnPage(cursor);
            var first = cursor * 1_000;
            var items = Enumerable.Range(first, count).ToArray();
            log?.Add($"fetched:{cursor}");
            return cursor < pageCount ? Page.More<int, int>(items, cursor + 1) : Page.Last<int, int>(items, cursor + 1);
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
            TokenCancelledAtEnd[cursor] = cancellationToken.IsCancellationRequested;
            FetchesEnded.Enqueue(cursor);
            EndSignal(cursor).TrySetResult();
        }
    }

    private TaskCompletionSource EndSignal(int cursor) =>
        EndSignals.GetOrAdd(cursor, static _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
}

/// <summary>A source that must not be read ahead.</summary>
internal sealed class NoReadAheadSource(NumberedSource inner) : IPageSource<int, int>, INoReadAhead
{
    public ValueTask<Page<int, int>> FetchPageAsync(int cursor, CancellationToken cancellationToken) =>
        inner.FetchPageAsync(cursor, cancellationToken);
}

/// <summary>An idempotent sink (upserts by item) that counts how often each page was applied.</summary>
internal sealed class RecordingSink(EventLog? log = null) : IIdempotentSink<int>
{
    private readonly object _gate = new();

    public Dictionary<int, int> Rows { get; } = new();

    /// <summary>Applies per page, keyed by the page's first item / 1000 (its source page number).</summary>
    public Dictionary<int, int> AppliesPerPage { get; } = new();

    public List<int> PagesInOrder { get; } = [];

    /// <summary>Runs before a page is written; may await a gate or throw.</summary>
    public Func<int, PageContext, CancellationToken, ValueTask>? OnApply { get; set; }

    public KillSwitch? Kill { get; set; }

    public async ValueTask ApplyAsync(IReadOnlyList<int> items, PageContext context, CancellationToken cancellationToken)
    {
        Kill?.ThrowIfTripped();
        var page = items[0] / 1_000;
        log?.Add($"apply:{page}");
        if (OnApply is { } hook)
        {
            await hook(page, context, cancellationToken);
        }

        Kill?.ThrowIfTripped();
        lock (_gate)
        {
            foreach (var item in items)
            {
                Rows[item] = item;
            }

            AppliesPerPage[page] = AppliesPerPage.GetValueOrDefault(page) + 1;
            PagesInOrder.Add(page);
        }

        log?.Add($"applied:{page}");
    }

    public int ApplyCount(int page)
    {
        lock (_gate)
        {
            return AppliesPerPage.GetValueOrDefault(page);
        }
    }
}

/// <summary>An in-memory store that records every save attempt and result, with hooks to hold or fail a save.</summary>
internal sealed class RecordingStore(EventLog? log = null) : ICheckpointStore
{
    private readonly InMemoryCheckpointStore _inner = new();

    public ConcurrentQueue<Checkpoint> Saved { get; } = new();

    /// <summary>Runs before a save is written; may await a gate or throw.</summary>
    public Func<Checkpoint, CancellationToken, ValueTask>? OnSave { get; set; }

    public KillSwitch? Kill { get; set; }

    public ValueTask<Checkpoint?> LoadAsync(string jobId, CancellationToken cancellationToken)
    {
        Kill?.ThrowIfTripped();
        return _inner.LoadAsync(jobId, cancellationToken);
    }

    public async ValueTask<bool> TrySaveAsync(Checkpoint checkpoint, CancellationToken cancellationToken)
    {
        Kill?.ThrowIfTripped();
        log?.Add($"save:{checkpoint.Cursor}");
        if (OnSave is { } hook)
        {
            await hook(checkpoint, cancellationToken);
        }

        Kill?.ThrowIfTripped();
        var saved = await _inner.TrySaveAsync(checkpoint, cancellationToken);
        if (saved)
        {
            Saved.Enqueue(checkpoint);
            log?.Add($"saved:{checkpoint.Cursor}");
        }

        return saved;
    }

    public ValueTask<bool> DeleteAsync(string jobId, CancellationToken cancellationToken) => _inner.DeleteAsync(jobId, cancellationToken);

    public ValueTask<IReadOnlyList<Checkpoint>> ListAsync(string? jobIdPrefix, CancellationToken cancellationToken) =>
        _inner.ListAsync(jobIdPrefix, cancellationToken);
}

/// <summary>Collects progress reports synchronously, in order (unlike Progress&lt;T&gt;, which posts).</summary>
internal sealed class CollectingProgress<T> : IProgress<T>
{
    private readonly List<T> _reports = [];

    public IReadOnlyList<T> Reports
    {
        get
        {
            lock (_reports)
            {
                return [.. _reports];
            }
        }
    }

    public void Report(T value)
    {
        lock (_reports)
        {
            _reports.Add(value);
        }
    }
}

internal static class Signals
{
    /// <summary>Waits for a signal the code under test must give; the bound only turns a bug into a failure instead of a hang.</summary>
    public static Task Within(this Task signal) => signal.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);

    public static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
