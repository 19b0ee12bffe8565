namespace ResumableJobs.Tests;

public sealed class SmokeTests
{
    private sealed class NumberSource : IPageSource<int, int>
    {
        public ValueTask<Page<int, int>> FetchPageAsync(int cursor, CancellationToken cancellationToken)
        {
            var items = Enumerable.Range(cursor * 10, 10).ToArray();
            return ValueTask.FromResult(cursor < 4 ? Page.More<int, int>(items, cursor + 1) : Page.Last<int, int>(items));
        }
    }

    private sealed class DictionarySink : IIdempotentSink<int>
    {
        public Dictionary<int, int> Rows { get; } = new();

        public ValueTask ApplyAsync(IReadOnlyList<int> items, PageContext context, CancellationToken cancellationToken)
        {
            foreach (var item in items)
            {
                Rows[item] = item;
            }

            return ValueTask.CompletedTask;
        }
    }

    [Fact]
    public async Task A_five_page_job_applies_every_item_and_a_second_run_fetches_nothing()
    {
        var store = new InMemoryCheckpointStore();
        var sink = new DictionarySink();
        var job = ResumableJob.Create("smoke", new NumberSource(), sink, store, 0);

        var first = await job.RunAsync(TestContext.Current.CancellationToken);
        var second = await job.RunAsync(TestContext.Current.CancellationToken);

        first.Outcome.Should().Be(JobOutcome.Completed);
        first.TotalItems.Should().Be(50);
        sink.Rows.Keys.Should().BeEquivalentTo(Enumerable.Range(0, 50));
        second.Outcome.Should().Be(JobOutcome.AlreadyCompleted);
        second.PagesThisRun.Should().Be(0);
    }
}
