using Microsoft.Extensions.Time.Testing;

namespace ResumableJobs.Tests.Progress;

public sealed class SmoothedRateTests
{
    /// <summary>Pages whose fetch takes a fixed time on the fake clock, as a throttled API serves them: bursts of
    /// fast pages between long waits.</summary>
    private sealed class TimedSource(FakeTimeProvider time, Func<int, TimeSpan> duration, int pages, int itemsPerPage) : IPageSource<int, int>
    {
        public ValueTask<Page<int, int>> FetchPageAsync(int cursor, CancellationToken cancellationToken)
        {
            time.Advance(duration(cursor));
            var items = Enumerable.Range(cursor * itemsPerPage, itemsPerPage).ToArray();
            return ValueTask.FromResult(cursor + 1 < pages ? Page.More<int, int>(items, cursor + 1) : Page.Last<int, int>(items));
        }
    }

    private sealed class NullSink : IIdempotentSink<int>
    {
        public ValueTask ApplyAsync(IReadOnlyList<int> items, PageContext context, CancellationToken cancellationToken) => ValueTask.CompletedTask;
    }

    private sealed class Recorder : IProgress<SyncProgress>
    {
        public List<SyncProgress> Reports { get; } = [];

        public void Report(SyncProgress value) => Reports.Add(value);
    }

    [Fact]
    public async Task The_rate_follows_time_not_pages_when_bursts_of_fast_pages_alternate_with_long_waits()
    {
        // Nine pages in 10 ms each, then one page after a 1 s wait: 100 items per 1.09 s, about 92 items/s.
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        var source = new TimedSource(time, page => page % 10 == 9 ? TimeSpan.FromSeconds(1) : TimeSpan.FromMilliseconds(10), pages: 60, itemsPerPage: 10);
        var recorder = new Recorder();
        var job = ResumableJob.Create("rate", source, new NullSink(), new InMemoryCheckpointStore(), 0, new ResumableJobOptions { TimeProvider = time });

        var result = await job.RunAsync(recorder, TestContext.Current.CancellationToken);

        result.Outcome.Should().Be(JobOutcome.Completed);
        var trueRate = 600 / result.Elapsed.TotalSeconds;
        var afterWarmUp = recorder.Reports.Where(r => r.State == JobState.Running && r.PagesDone >= 20).Select(r => r.ItemsPerSecond).ToList();
        afterWarmUp.Should().NotBeEmpty();
        // An average of per-page rates would swing up to ~1,000 items/s right after each burst.
        afterWarmUp.Should().OnlyContain(rate => rate > trueRate / 3 && rate < trueRate * 3, $"the true rate is {trueRate:0.#} items/s");
    }

    [Fact]
    public async Task A_steady_source_reports_its_exact_rate_and_an_eta_from_it()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        var source = new TimedSource(time, _ => TimeSpan.FromMilliseconds(100), pages: 10, itemsPerPage: 10);
        var estimating = new EstimatingSource(source, 100);
        var recorder = new Recorder();
        // Serial, so that each checkpoint follows exactly one 100 ms fetch (with prefetch, the first checkpoint also
        // waits for the fetch of page 2 on this synchronous fake clock).
        var job = ResumableJob.Create("steady", estimating, new NullSink(), new InMemoryCheckpointStore(), 0, new ResumableJobOptions { TimeProvider = time, PrefetchPages = 0 });

        await job.RunAsync(recorder, TestContext.Current.CancellationToken);

        var fifth = recorder.Reports.Single(r => r.State == JobState.Running && r.PagesDone == 5);
        fifth.ItemsPerSecond.Should().BeApproximately(100, 0.001);
        fifth.EstimatedTimeRemaining.Should().Be(TimeSpan.FromSeconds(0.5));
    }

    private sealed class EstimatingSource(IPageSource<int, int> inner, long total) : IPageSource<int, int>, IEstimatesTotalItems
    {
        public ValueTask<Page<int, int>> FetchPageAsync(int cursor, CancellationToken cancellationToken) => inner.FetchPageAsync(cursor, cancellationToken);

        public ValueTask<long?> EstimateTotalItemsAsync(CancellationToken cancellationToken) => ValueTask.FromResult<long?>(total);
    }
}
