using ResumableJobs.Tests.Fakes;

namespace ResumableJobs.Tests.Engine;

/// <summary>Rule 3: only the source's "no more pages" ends a job; the cursor must move; empty pages are bounded.</summary>
public sealed class PaginationShapeTests
{
    [Fact]
    public async Task Short_and_empty_pages_that_say_more_do_not_end_the_job_and_all_items_land()
    {
        var harness = new JobHarness(FakePageSource.WithPageSizes(10, 9, 0, 10, 4));

        var result = await harness.RunAsync(TestContext.Current.CancellationToken);

        result.Outcome.Should().Be(JobOutcome.Completed);
        harness.Sink.Rows.Keys.Should().BeEquivalentTo(Enumerable.Range(1, 33));
        harness.Sink.ContractViolations.Should().BeEmpty("the sink is never given an empty page");
        harness.Sink.Calls.Should().Be(4, "the empty page is not applied");
        Enumerable.Range(0, 5).Should().OnlyContain(cursor => harness.Source.CallsFor(cursor) == 1);
        result.PagesThisRun.Should().Be(5);
        result.ItemsThisRun.Should().Be(33);
        var checkpoint = await harness.LoadCheckpointAsync();
        checkpoint!.Completed.Should().BeTrue();
        checkpoint.PagesDone.Should().Be(5);
        checkpoint.ItemsDone.Should().Be(33);
        harness.Store.SavedCheckpoints.Select(c => c.ItemsDone).Should().Equal(10, 19, 19, 29, 33);
    }

    [Fact]
    public async Task A_last_page_without_a_final_cursor_keeps_the_cursor_it_was_fetched_with()
    {
        // An int cursor cannot be null: Page.Last(items) hands the engine default(int). The completed checkpoint
        // must not jump back to 0.
        var harness = new JobHarness(FakePageSource.Uniform(3, 2));

        await harness.RunAsync(TestContext.Current.CancellationToken);

        var checkpoint = await harness.LoadCheckpointAsync();
        checkpoint!.Completed.Should().BeTrue();
        checkpoint.Cursor.Should().Be("2");
        harness.Progress.Reports[^1].Cursor.Should().Be("2");
        CheckpointLog.ShouldMoveOnlyForward(harness.Store.SavedCheckpoints);
    }

    [Fact]
    public async Task A_final_cursor_given_explicitly_is_stored_even_when_it_is_the_default_value()
    {
        // A watermark of 0 is a real value when the source says so with Page.Last(items, 0).
        var store = new InMemoryCheckpointStore();
        var sink = new RecordingSink();
        var job = ResumableJob.Create("zero-watermark", new ZeroWatermarkSource(), sink, store, 5);

        var result = await job.RunAsync(TestContext.Current.CancellationToken);

        result.Outcome.Should().Be(JobOutcome.Completed);
        var checkpoint = await store.LoadAsync("zero-watermark", TestContext.Current.CancellationToken);
        checkpoint!.Completed.Should().BeTrue();
        checkpoint.Cursor.Should().Be("0");
    }

    private sealed class ZeroWatermarkSource : IPageSource<int, SourceItem>
    {
        public ValueTask<Page<int, SourceItem>> FetchPageAsync(int cursor, CancellationToken cancellationToken) =>
            ValueTask.FromResult(Page.Last<int, SourceItem>([new SourceItem(1, cursor, "one")], 0));
    }

    [Fact]
    public async Task A_last_page_without_a_final_cursor_keeps_the_fetched_reference_cursor()
    {
        var sink = new StringCursorSink();
        var store = new InMemoryCheckpointStore();
        var job = ResumableJob.Create("string-cursor", new StringCursorSource(), sink, store, "a");

        var result = await job.RunAsync(TestContext.Current.CancellationToken);

        result.Outcome.Should().Be(JobOutcome.Completed);
        var checkpoint = await store.LoadAsync("string-cursor", TestContext.Current.CancellationToken);
        checkpoint!.Cursor.Should().Be("\"b\"");
        sink.Items.Should().Equal("a1", "b1");
    }

    [Fact]
    public async Task A_last_page_with_a_final_cursor_stores_it_as_a_watermark_and_a_rerun_fetches_nothing()
    {
        var source = new FakePageSource(
        [
            new FakePage(0, [1, 2], 1, HasMore: true),
            new FakePage(1, [3], 42, HasMore: false),
        ]);
        var harness = new JobHarness(source);

        var first = await harness.RunAsync(TestContext.Current.CancellationToken);
        var second = await harness.RunAsync(TestContext.Current.CancellationToken);

        first.Outcome.Should().Be(JobOutcome.Completed);
        first.FinalCursor.Should().Be("42");
        (await harness.LoadCheckpointAsync())!.Cursor.Should().Be("42");
        second.Outcome.Should().Be(JobOutcome.AlreadyCompleted);
        second.PagesThisRun.Should().Be(0);
        second.TotalItems.Should().Be(3);
        source.TotalCalls.Should().Be(2, "a completed job fetches nothing");
    }

    [Fact]
    public async Task An_empty_last_page_completes_the_job()
    {
        var harness = new JobHarness(FakePageSource.WithPageSizes(3, 0));

        var result = await harness.RunAsync(TestContext.Current.CancellationToken);

        result.Outcome.Should().Be(JobOutcome.Completed);
        result.TotalPages.Should().Be(2);
        result.TotalItems.Should().Be(3);
        harness.Sink.Calls.Should().Be(1);
    }

    [Fact]
    public async Task A_page_that_returns_the_cursor_it_was_fetched_with_fails_at_once_naming_the_cursor()
    {
        var source = new FakePageSource(
        [
            new FakePage(0, [1, 2], 1, HasMore: true),
            new FakePage(1, [3, 4], 2, HasMore: true),
            new FakePage(2, [5, 6], 2, HasMore: true),
        ]);
        var harness = new JobHarness(source);

        var result = await harness.RunAsync(TestContext.Current.CancellationToken);

        result.Outcome.Should().Be(JobOutcome.Failed);
        var error = result.Error.Should().BeOfType<CursorNotAdvancingException>().Subject;
        error.JobId.Should().Be(harness.JobId);
        error.FetchedCursor.Should().Be("2");
        error.NextCursor.Should().Be("2");
        error.Message.Should().Contain(harness.JobId).And.Contain("cursor 2").And.Contain("same cursor");
        source.CallsFor(2).Should().Be(1, "a cursor that does not move is not retried");
        harness.Progress.Reports.Should().NotContain(p => p.State == JobState.Retrying);
        harness.Sink.Rows.Keys.Should().BeEquivalentTo([1, 2, 3, 4], "the offending page is not applied");
        var checkpoint = await harness.LoadCheckpointAsync();
        checkpoint!.Cursor.Should().Be("2", "the checkpoint stays at the last good page");
        checkpoint.PagesDone.Should().Be(2);
        checkpoint.Completed.Should().BeFalse();
    }

    [Fact]
    public async Task A_two_cursor_cycle_fails_at_once_naming_both_cursors()
    {
        var source = TwoCursorCycle();
        var harness = new JobHarness(source);

        var result = await harness.RunAsync(TestContext.Current.CancellationToken);

        result.Outcome.Should().Be(JobOutcome.Failed);
        var error = result.Error.Should().BeOfType<CursorNotAdvancingException>().Subject;
        error.FetchedCursor.Should().Be("2");
        error.NextCursor.Should().Be("1");
        error.Message.Should().Contain(harness.JobId).And.Contain("cursor 2").And.Contain("next cursor 1").And.Contain("cycle");
        source.CallsFor(2).Should().Be(1, "a cycle is not retried");
        source.CallsFor(1).Should().Be(1, "the cycle is caught before the visited cursor is fetched again");
        var checkpoint = await harness.LoadCheckpointAsync();
        checkpoint!.Cursor.Should().Be("2");
        checkpoint.PagesDone.Should().Be(2);
        harness.Progress.Reports[^1].State.Should().Be(JobState.Failed);
        harness.Progress.Reports[^1].LastError.Should().Contain("cycle");
    }

    [Fact]
    public async Task A_cycle_is_caught_after_a_resume_too()
    {
        var source = TwoCursorCycle();
        var harness = new JobHarness(source);
        var crash = InjectedFault.Fatal("at cursor 2");
        source.BeforeFetch = call => call.Cursor == 2 && call.CallForCursor == 1 ? crash : null;

        (await harness.RunAsync(TestContext.Current.CancellationToken)).Error.Should().BeSameAs(crash);
        var second = await harness.RunAsync(TestContext.Current.CancellationToken);

        second.Outcome.Should().Be(JobOutcome.Failed);
        second.Error.Should().BeOfType<CursorNotAdvancingException>().Which.NextCursor.Should().Be("2");
    }

    [Theory]
    [InlineData(3, 3, JobOutcome.Completed)]
    [InlineData(3, 4, JobOutcome.Failed)]
    [InlineData(0, 1, JobOutcome.Failed)]
    [InlineData(0, 0, JobOutcome.Completed)]
    public async Task Runs_of_empty_pages_that_say_more_are_allowed_up_to_the_limit(int limit, int emptyPages, JobOutcome expected)
    {
        var sizes = new[] { 2 }.Concat(Enumerable.Repeat(0, emptyPages)).Concat([3]).ToArray();
        var harness = new JobHarness(FakePageSource.WithPageSizes(sizes))
        {
            Configure = o => o.MaxConsecutiveEmptyPages = limit,
        };

        var result = await harness.RunAsync(TestContext.Current.CancellationToken);

        result.Outcome.Should().Be(expected);
        if (expected == JobOutcome.Failed)
        {
            var error = result.Error.Should().BeOfType<EmptyPageLimitExceededException>().Subject;
            error.Limit.Should().Be(limit);
            error.Cursor.Should().Be((limit + 1).ToString(System.Globalization.CultureInfo.InvariantCulture));
            error.Message.Should().Contain(harness.JobId).And.Contain("MaxConsecutiveEmptyPages");
            (await harness.LoadCheckpointAsync())!.PagesDone.Should().Be(1 + limit, "the allowed empty pages were checkpointed");
            harness.Source.CallsFor(limit + 1).Should().Be(1, "the limit is not retried");
        }
        else
        {
            harness.Sink.Rows.Should().HaveCount(5);
        }
    }

    [Fact]
    public async Task The_empty_page_count_restarts_after_a_page_with_items()
    {
        var harness = new JobHarness(FakePageSource.WithPageSizes(1, 0, 0, 1, 0, 0, 1))
        {
            Configure = o => o.MaxConsecutiveEmptyPages = 2,
        };

        var result = await harness.RunAsync(TestContext.Current.CancellationToken);

        result.Outcome.Should().Be(JobOutcome.Completed);
        result.TotalItems.Should().Be(3);
    }

    [Fact]
    public async Task A_source_that_returns_null_instead_of_a_page_fails_with_a_clear_error()
    {
        var job = ResumableJob.Create("null-page", new NullPageSource(), new StringCursorSink(), new InMemoryCheckpointStore(), "start");

        var result = await job.RunAsync(TestContext.Current.CancellationToken);

        result.Outcome.Should().Be(JobOutcome.Failed);
        var error = result.Error.Should().BeOfType<InvalidPageException>().Subject;
        error.Cursor.Should().Be("\"start\"");
        error.Message.Should().Contain("null-page").And.Contain("null");
    }

    [Fact]
    public void A_page_that_says_more_must_give_the_next_cursor()
    {
        var act = () => new Page<string, int>([1], null, hasMore: true);

        act.Should().Throw<ArgumentNullException>().WithParameterName("nextCursor");
    }

    private sealed class StringCursorSource : IPageSource<string, string>
    {
        public ValueTask<Page<string, string>> FetchPageAsync(string cursor, CancellationToken cancellationToken) =>
            ValueTask.FromResult(cursor == "a" ? Page.More<string, string>(["a1"], "b") : Page.Last<string, string>(["b1"]));
    }

    private sealed class NullPageSource : IPageSource<string, string>
    {
        public ValueTask<Page<string, string>> FetchPageAsync(string cursor, CancellationToken cancellationToken) =>
            ValueTask.FromResult<Page<string, string>>(null!);
    }

    private sealed class StringCursorSink : IIdempotentSink<string>
    {
        public List<string> Items { get; } = new();

        public ValueTask ApplyAsync(IReadOnlyList<string> items, PageContext context, CancellationToken cancellationToken)
        {
            Items.AddRange(items);
            return ValueTask.CompletedTask;
        }
    }

    /// <summary>Pages 0 → 1 → 2 → 1: the page at cursor 2 points back to cursor 1, already visited.</summary>
    private static FakePageSource TwoCursorCycle() => new(
    [
        new FakePage(0, [1], 1, HasMore: true),
        new FakePage(1, [2], 2, HasMore: true),
        new FakePage(2, [3], 1, HasMore: true),
    ]);
}
