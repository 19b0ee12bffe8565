// samples/Quickstart/Program.cs: run it with `dotnet run --project samples/Quickstart`, press Ctrl+C half-way,
// run it again and it resumes; `-- --reset` forgets the checkpoint and starts over.
using System.Text.Json;
using ResumableJobs;

var folder = Path.Combine(Path.GetTempPath(), "resumablejobs-quickstart");
Directory.CreateDirectory(folder);

// The durable embedded default (package ResumableJobs.Sqlite): one file holds the checkpoints of many jobs.
await using var store = new SqliteCheckpointStore(Path.Combine(folder, "checkpoints.db"));
var job = ResumableJob.Create(
    jobId: "copy-orders",
    source: new OrderApi(),
    sink: new OrderTable(Path.Combine(folder, "orders")),
    store: store,
    startCursor: 0,
    options: new ResumableJobOptions { Retry = { BaseDelay = TimeSpan.FromMilliseconds(100), MaxDelay = TimeSpan.FromSeconds(2) } });

if (args.Contains("--reset"))
{
    await job.ResetAsync();
    if (Directory.Exists(Path.Combine(folder, "orders")))
    {
        Directory.Delete(Path.Combine(folder, "orders"), recursive: true);
    }
}

// InlineProgress calls the handler on the job's thread: reports arrive in order, and one that throws is ignored.
var progress = new InlineProgress<SyncProgress>(p =>
    Console.WriteLine($"{p.State,-9} {p.ItemsDone,5}/{p.TotalItems} orders, page {p.PagesDone}, ETA {p.EstimatedTimeRemaining:mm\\:ss} {p.LastError}"));

using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.Cancel(); };

var result = await job.RunAsync(progress, stop.Token);
Console.WriteLine(result);
Console.WriteLine(result.Outcome switch
{
    JobOutcome.Cancelled => "Stopped. Run the same command again to resume from the last checkpoint.",
    JobOutcome.AlreadyCompleted => "Already done. Run with `-- --reset` to start over.",
    _ => $"{Directory.GetFiles(Path.Combine(folder, "orders")).Length} orders in {Path.Combine(folder, "orders")}",
});
return result.IsDone ? 0 : 1;

/// <summary>A paged API: 2,000 orders, 100 per page, slow enough to stop half-way, and it throttles now and then.</summary>
internal sealed class OrderApi : IPageSource<int, Order>, IEstimatesTotalItems
{
    private const int Total = 2_000;
    private const int PageSize = 100;
    private int _calls;

    public async ValueTask<Page<int, Order>> FetchPageAsync(int offset, CancellationToken cancellationToken)
    {
        await Task.Delay(300, cancellationToken);
        if (++_calls % 4 == 0)
        {
            throw new TransientFaultException("429 Too Many Requests", retryAfter: TimeSpan.FromMilliseconds(200));
        }

        var orders = Enumerable.Range(offset, Math.Min(PageSize, Total - offset))
            .Select(id => new Order(id, Amount: id * 1.5m))
            .ToList();
        var next = offset + orders.Count;
        return next < Total ? Page.More<int, Order>(orders, next) : Page.Last<int, Order>(orders);
    }

    public ValueTask<long?> EstimateTotalItemsAsync(CancellationToken cancellationToken) => ValueTask.FromResult<long?>(Total);
}

/// <summary>The destination: one file per order, written by order id, so applying a page twice changes nothing.</summary>
internal sealed class OrderTable(string folder) : IIdempotentSink<Order>
{
    public async ValueTask ApplyAsync(IReadOnlyList<Order> items, PageContext context, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(folder);
        foreach (var order in items)
        {
            await File.WriteAllTextAsync(Path.Combine(folder, $"{order.Id}.json"), JsonSerializer.Serialize(order), cancellationToken);
        }
    }
}

internal sealed record Order(int Id, decimal Amount);
