// The README's quickstart, kept here so that it compiles and runs (a test checks the README shows this file).
using ResumableJobs;

// The durable embedded default (package ResumableJobs.Sqlite): one file holds the checkpoints of many jobs.
await using var store = new SqliteCheckpointStore(Path.Combine(Path.GetTempPath(), "resumablejobs-quickstart.db"));
var job = ResumableJob.Create(
    jobId: "copy-orders",
    source: new OrderApi(),
    sink: new OrderTable(),
    store: store,
    startCursor: 0,
    options: new ResumableJobOptions { Retry = { BaseDelay = TimeSpan.FromMilliseconds(50), MaxDelay = TimeSpan.FromSeconds(2) } });

var progress = new Progress<SyncProgress>(p =>
    Console.WriteLine($"{p.State,-9} {p.ItemsDone,5}/{p.TotalItems} orders, page {p.PagesDone}, ETA {p.EstimatedTimeRemaining:mm\\:ss} {p.LastError}"));

using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.Cancel(); };

var result = await job.RunAsync(progress, stop.Token);
Console.WriteLine(result);
if (result.Outcome == JobOutcome.AlreadyCompleted)
{
    Console.WriteLine("Already done. Delete the checkpoint to run again: await job.ResetAsync();");
}

return result.IsDone ? 0 : 1;

/// <summary>A paged API: 1,000 orders, 100 per page, that fails now and then like a real one.</summary>
internal sealed class OrderApi : IPageSource<int, Order>, IEstimatesTotalItems
{
    private const int Total = 1_000;
    private const int PageSize = 100;
    private int _calls;

    public async ValueTask<Page<int, Order>> FetchPageAsync(int offset, CancellationToken cancellationToken)
    {
        await Task.Delay(100, cancellationToken);
        if (++_calls % 4 == 0)
        {
            throw new TransientFaultException("429 Too Many Requests", retryAfter: TimeSpan.FromMilliseconds(200));
        }

        var orders = Enumerable.Range(offset, Math.Min(PageSize, Total - offset))
            .Select(id => new Order(id, Amount: id * 1.5m))
            .ToList();
        var next = offset + orders.Count;
        return next < Total ? Page.More<int, Order>(orders, next) : Page.Last<int, Order>(orders, next);
    }

    public ValueTask<long?> EstimateTotalItemsAsync(CancellationToken cancellationToken) => ValueTask.FromResult<long?>(Total);
}

/// <summary>The destination: an upsert keyed by order id, so applying a page twice changes nothing.</summary>
internal sealed class OrderTable : IIdempotentSink<Order>
{
    private readonly Dictionary<int, Order> _rows = new();

    public ValueTask ApplyAsync(IReadOnlyList<Order> items, PageContext context, CancellationToken cancellationToken)
    {
        foreach (var order in items)
        {
            _rows[order.Id] = order;
        }

        return ValueTask.CompletedTask;
    }
}

internal sealed record Order(int Id, decimal Amount);
