namespace ResumableJobs.Tests.Progress;

public sealed class InlineProgressTests
{
    private sealed class ThreePages : IPageSource<int, int>
    {
        public ValueTask<Page<int, int>> FetchPageAsync(int cursor, CancellationToken cancellationToken) =>
            ValueTask.FromResult(cursor < 2 ? Page.More<int, int>([cursor], cursor + 1) : Page.Last<int, int>([cursor]));
    }

    private sealed class NullSink : IIdempotentSink<int>
    {
        public ValueTask ApplyAsync(IReadOnlyList<int> items, PageContext context, CancellationToken cancellationToken) => ValueTask.CompletedTask;
    }

    [Fact]
    public async Task Reports_arrive_in_order_before_the_run_returns_and_a_throwing_handler_does_not_stop_the_job()
    {
        var seen = new List<(JobState State, long Pages)>();
        var progress = new InlineProgress<SyncProgress>(p =>
        {
            seen.Add((p.State, p.PagesDone));
            if (p.PagesDone == 1)
            {
                throw new InvalidOperationException("the display broke");
            }
        });
        var job = ResumableJob.Create("inline", new ThreePages(), new NullSink(), new InMemoryCheckpointStore(), 0, new ResumableJobOptions { PrefetchPages = 0 });

        var result = await job.RunAsync(progress, TestContext.Current.CancellationToken);

        result.Outcome.Should().Be(JobOutcome.Completed);
        seen.Should().Equal((JobState.Running, 0), (JobState.Running, 1), (JobState.Running, 2), (JobState.Completed, 3));
    }

    [Fact]
    public void A_null_handler_is_refused() =>
        FluentActions.Invoking(() => new InlineProgress<int>(null!)).Should().Throw<ArgumentNullException>().WithParameterName("handler");
}
