namespace ResumableJobs.Tests.Throughput;

public sealed class PrefetchTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static ResumableJobOptions Options(int prefetch = 1) => new() { PrefetchPages = prefetch };

    private static void ShouldBeInPageOrder(IEnumerable<Checkpoint> saved, int pages)
    {
        var list = saved.ToList();
        list.Select(c => c.Version).Should().Equal(Enumerable.Range(1, list.Count).Select(v => (long)v));
        list.Select(c => c.PagesDone).Should().BeInAscendingOrder().And.OnlyHaveUniqueItems();
        list.Select(c => int.Parse(c.Cursor, System.Globalization.CultureInfo.InvariantCulture)).Should().BeInAscendingOrder();
        list.Should().HaveCount(pages);
    }

    [Fact]
    public async Task The_next_page_is_fetched_before_the_current_one_is_applied()
    {
        var source = new NumberedSource(5);
        var fetchedWhileApplying = new Dictionary<int, int[]>();
        var sink = new RecordingSink();
        sink.OnApply = (page, _, _) =>
        {
            fetchedWhileApplying[page] = [.. source.FetchesStarted];
            return ValueTask.CompletedTask;
        };

        var result = await ResumableJob.Create("prefetch", source, sink, new RecordingStore(), 1, Options()).RunAsync(Ct);

        result.Outcome.Should().Be(JobOutcome.Completed);
        fetchedWhileApplying[1].Should().Equal(1, 2);
        fetchedWhileApplying[3].Should().Equal(1, 2, 3, 4);
        fetchedWhileApplying[5].Should().Equal(Enumerable.Range(1, 5), "no fetch past the last page");
        source.MaxConcurrentFetches.Should().Be(1);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(3)]
    public async Task Checkpoints_are_saved_in_page_order_each_after_its_apply_and_before_the_next_apply(int prefetch)
    {
        var log = new EventLog();
        var source = new NumberedSource(20, log: log);
        var sink = new RecordingSink(log);
        var store = new RecordingStore(log);

        var result = await ResumableJob.Create("order", source, sink, store, 1, Options(prefetch)).RunAsync(Ct);

        result.Outcome.Should().Be(JobOutcome.Completed);
        ShouldBeInPageOrder(store.Saved, 20);
        sink.PagesInOrder.Should().Equal(Enumerable.Range(1, 20));
        var events = log.Snapshot().ToList();
        for (var page = 1; page <= 20; page++)
        {
            var savedAt = events.IndexOf($"saved:{page + 1}");
            events.IndexOf($"applied:{page}").Should().BeLessThan(savedAt, $"page {page} is applied before its checkpoint");
            if (page < 20)
            {
                events.IndexOf($"apply:{page + 1}").Should().BeGreaterThan(savedAt, $"page {page + 1} is applied only after page {page} was checkpointed");
            }
        }

        source.MaxConcurrentFetches.Should().Be(1, "fetches stay sequential even with lookahead");
        source.FetchesStarted.Should().Equal(Enumerable.Range(1, 20));
    }

    [Fact]
    public async Task A_slow_save_of_page_N_never_lands_after_the_save_of_page_N_plus_1_and_the_cursor_never_moves_back()
    {
        var log = new EventLog();
        var source = new NumberedSource(6, log: log);
        var sink = new RecordingSink(log);
        var store = new RecordingStore(log);
        var savePending = Signals.NewSignal();
        var releaseSave = Signals.NewSignal();
        var fetch4Pending = Signals.NewSignal();
        var releaseFetch4 = Signals.NewSignal();
        store.OnSave = async (checkpoint, _) =>
        {
            if (checkpoint.PagesDone == 3)
            {
                savePending.TrySetResult();
                await releaseSave.Task;
            }
        };
        source.OnFetch = async (cursor, _) =>
        {
            if (cursor == 4)
            {
                fetch4Pending.TrySetResult();
                await releaseFetch4.Task;
            }
        };

        var run = ResumableJob.Create("slow-save", source, sink, store, 1, Options()).RunAsync(Ct);
        await fetch4Pending.Task.Within();
        await savePending.Task.Within();

        // The save of page 3 is still in flight; the fetch of page 4 completes meanwhile.
        releaseFetch4.SetResult();
        await source.Ended(4).Within();
        sink.ApplyCount(4).Should().Be(0, "page 4 waits for the checkpoint of page 3");
        (await store.LoadAsync("slow-save", Ct))!.PagesDone.Should().Be(2);

        releaseSave.SetResult();
        var result = await run;

        result.Outcome.Should().Be(JobOutcome.Completed);
        ShouldBeInPageOrder(store.Saved, 6);
        log.IndexOf("fetched:4").Should().BeLessThan(log.IndexOf("saved:4"), "the fetch overlapped the save");
        log.IndexOf("saved:4").Should().BeLessThan(log.IndexOf("apply:4"));
    }

    [Fact]
    public async Task A_prefetched_page_is_dropped_on_cancellation_and_the_checkpoint_holds_the_last_applied_page()
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var source = new NumberedSource(10);
        var sink = new RecordingSink();
        var store = new RecordingStore();
        sink.OnApply = (page, _, _) =>
        {
            if (page == 3)
            {
                cts.Cancel(); // a graceful stop while page 3 is applied; page 4 is already fetched
            }

            return ValueTask.CompletedTask;
        };

        var result = await ResumableJob.Create("cancel", source, sink, store, 1, Options()).RunAsync(cts.Token);

        result.Outcome.Should().Be(JobOutcome.Cancelled);
        source.FetchesStarted.Should().Contain(4, "page 4 was prefetched");
        sink.ApplyCount(4).Should().Be(0, "a prefetched page is never applied after a stop");
        (await store.LoadAsync("cancel", Ct))!.Cursor.Should().Be("4", "the applied page 3 is checkpointed");
        result.FinalCursor.Should().Be("4");
    }

    [Fact]
    public async Task A_prefetch_still_in_flight_at_cancellation_is_cancelled_and_awaited_before_the_run_returns()
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var source = new NumberedSource(10);
        var fetch3Started = Signals.NewSignal();
        source.OnFetch = async (cursor, token) =>
        {
            if (cursor == 3)
            {
                fetch3Started.TrySetResult();
                await Task.Delay(Timeout.Infinite, token);
            }
        };
        var sink = new RecordingSink();
        sink.OnApply = async (page, _, _) =>
        {
            if (page == 2)
            {
                await fetch3Started.Task;
                await cts.CancelAsync();
            }
        };
        var store = new RecordingStore();

        var result = await ResumableJob.Create("cancel-inflight", source, sink, store, 1, Options()).RunAsync(cts.Token);

        result.Outcome.Should().Be(JobOutcome.Cancelled);
        source.FetchesEnded.Should().Contain(3, "the run waits for the dropped fetch to end");
        source.TokenCancelledAtEnd[3].Should().BeTrue("the dropped fetch is told to stop");
        sink.ApplyCount(3).Should().Be(0);
        (await store.LoadAsync("cancel-inflight", Ct))!.PagesDone.Should().Be(2);
    }

    [Fact]
    public async Task A_prefetched_page_is_dropped_when_the_apply_before_it_fails_fatally()
    {
        var source = new NumberedSource(10);
        var fetch4Started = Signals.NewSignal();
        source.OnFetch = async (cursor, token) =>
        {
            if (cursor == 4)
            {
                fetch4Started.TrySetResult();
                await Task.Delay(Timeout.Infinite, token);
            }
        };
        var sink = new RecordingSink();
        sink.OnApply = async (page, _, _) =>
        {
            if (page == 3)
            {
                await fetch4Started.Task;
                throw new InvalidOperationException("row 3017 violates a constraint");
            }
        };
        var store = new RecordingStore();

        var result = await ResumableJob.Create("fatal-apply", source, sink, store, 1, Options()).RunAsync(Ct);

        result.Outcome.Should().Be(JobOutcome.Failed);
        result.Error.Should().BeOfType<InvalidOperationException>().Which.Message.Should().Contain("3017");
        sink.ApplyCount(4).Should().Be(0);
        source.FetchesEnded.Should().Contain(4);
        source.TokenCancelledAtEnd[4].Should().BeTrue();
        var checkpoint = await store.LoadAsync("fatal-apply", Ct);
        checkpoint!.PagesDone.Should().Be(2);
        checkpoint.Cursor.Should().Be("3");

        // The next run resumes at page 3 and applies everything exactly as a fresh run would.
        sink.OnApply = null;
        source.OnFetch = null;
        var rerun = await ResumableJob.Create("fatal-apply", source, sink, store, 1, Options()).RunAsync(Ct);
        rerun.Outcome.Should().Be(JobOutcome.Completed);
        rerun.ResumedFromCursor.Should().Be("3");
        Enumerable.Range(1, 10).Select(sink.ApplyCount).Should().OnlyContain(n => n == 1);
    }

    [Fact]
    public async Task A_fatal_fetch_of_the_prefetched_page_still_lets_the_current_page_be_applied_and_checkpointed()
    {
        var source = new NumberedSource(10);
        source.OnFetch = (cursor, _) => cursor == 4 ? throw new InvalidOperationException("page 4 is gone") : ValueTask.CompletedTask;
        var sink = new RecordingSink();
        var store = new RecordingStore();

        var result = await ResumableJob.Create("fatal-fetch", source, sink, store, 1, Options()).RunAsync(Ct);

        result.Outcome.Should().Be(JobOutcome.Failed);
        result.Error!.Message.Should().Contain("page 4 is gone");
        sink.PagesInOrder.Should().Equal(1, 2, 3);
        (await store.LoadAsync("fatal-fetch", Ct))!.PagesDone.Should().Be(3);
        source.FetchesStarted.Count(c => c == 4).Should().Be(1, "a fatal error is not retried");
    }

    [Fact]
    public async Task Fetch_apply_and_save_are_still_retried_separately_under_prefetch()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider();
        var source = new NumberedSource(5);
        var fetch3Failures = 0;
        source.OnFetch = (cursor, _) => cursor == 3 && fetch3Failures++ < 2 ? throw new TimeoutException("fetch 3") : ValueTask.CompletedTask;
        var apply2Failures = 0;
        var sink = new RecordingSink();
        sink.OnApply = (page, _, _) => page == 2 && apply2Failures++ < 1 ? throw new TimeoutException("apply 2") : ValueTask.CompletedTask;
        var saveFailures = 0;
        var store = new RecordingStore();
        store.OnSave = (checkpoint, _) => checkpoint.PagesDone == 4 && saveFailures++ < 1 ? throw new IOException("save 4") : ValueTask.CompletedTask;
        var progress = new CollectingProgress<SyncProgress>();
        var options = Options();
        options.TimeProvider = time;

        var run = ResumableJob.Create("retries", source, sink, store, 1, options).RunAsync(progress, Ct);
        while (!run.IsCompleted)
        {
            time.Advance(TimeSpan.FromSeconds(1));
            await Task.Yield();
        }

        var result = await run;
        result.Outcome.Should().Be(JobOutcome.Completed);
        source.FetchesStarted.Count(c => c == 3).Should().Be(3);
        sink.AppliesPerPage.Values.Should().OnlyContain(n => n == 1, "a failed apply attempt wrote nothing");
        progress.Reports.Where(p => p.State == JobState.Retrying).Select(p => p.RetryingOperation)
            .Should().BeEquivalentTo(["fetch", "fetch", "apply", "save"]);
        ShouldBeInPageOrder(store.Saved, 5);
    }

    [Fact]
    public async Task A_source_that_cycles_still_fails_at_once_under_prefetch_with_the_checkpoint_at_the_last_good_page()
    {
        var sink = new RecordingSink();
        var store = new RecordingStore();
        var source = new CyclingSource();

        var result = await ResumableJob.Create("cycle", source, sink, store, "a", Options()).RunAsync(Ct);

        result.Outcome.Should().Be(JobOutcome.Failed);
        result.Error.Should().BeOfType<CursorNotAdvancingException>().Which.Message.Should().Contain("\"a\"");
        (await store.LoadAsync("cycle", Ct))!.Cursor.Should().Be("\"b\"");
        source.Fetches.Should().Equal("a", "b");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public async Task Short_and_empty_pages_all_land_under_prefetch(int prefetch)
    {
        var source = new NumberedSource(5);
        int[] sizes = [10, 9, 0, 10, 4];
        source.ItemsOnPage = page => sizes[page - 1];
        var sink = new RecordingSink();

        var result = await ResumableJob.Create("shapes", source, sink, new RecordingStore(), 1, Options(prefetch)).RunAsync(Ct);

        result.Outcome.Should().Be(JobOutcome.Completed);
        result.TotalItems.Should().Be(33);
        sink.Rows.Should().HaveCount(33);
    }

    [Fact]
    public async Task The_empty_page_limit_holds_under_prefetch()
    {
        var source = new NumberedSource(10);
        source.ItemsOnPage = page => page == 1 ? 5 : 0;
        var options = Options(2);
        options.MaxConsecutiveEmptyPages = 3;

        var result = await ResumableJob.Create("empties", source, new RecordingSink(), new RecordingStore(), 1, options).RunAsync(Ct);

        result.Outcome.Should().Be(JobOutcome.Failed);
        result.Error.Should().BeOfType<EmptyPageLimitExceededException>();
        result.TotalPages.Should().Be(4, "page 1 and three empty pages were checkpointed before the fourth empty one");
    }

    [Fact]
    public async Task A_lookahead_of_three_fetches_three_pages_ahead_one_at_a_time()
    {
        var source = new NumberedSource(8);
        var fetchedWhileApplying = new Dictionary<int, int[]>();
        var sink = new RecordingSink();
        sink.OnApply = (page, _, _) =>
        {
            fetchedWhileApplying[page] = [.. source.FetchesStarted];
            return ValueTask.CompletedTask;
        };

        var result = await ResumableJob.Create("lookahead", source, sink, new RecordingStore(), 1, Options(3)).RunAsync(Ct);

        result.Outcome.Should().Be(JobOutcome.Completed);
        fetchedWhileApplying[1].Should().Equal(1, 2, 3, 4);
        fetchedWhileApplying[6].Should().Equal(1, 2, 3, 4, 5, 6, 7, 8);
        source.FetchesStarted.Should().Equal(Enumerable.Range(1, 8), "no fetch past the last page, none twice");
        source.MaxConcurrentFetches.Should().Be(1);
    }

    [Fact]
    public async Task A_source_that_forbids_read_ahead_is_fetched_only_after_the_page_before_was_checkpointed()
    {
        var inner = new NumberedSource(4);
        var fetchedWhileApplying = new Dictionary<int, int[]>();
        var sink = new RecordingSink();
        sink.OnApply = (page, _, _) =>
        {
            fetchedWhileApplying[page] = [.. inner.FetchesStarted];
            return ValueTask.CompletedTask;
        };

        var result = await ResumableJob.Create("no-read-ahead", new NoReadAheadSource(inner), sink, new RecordingStore(), 1, Options(4)).RunAsync(Ct);

        result.Outcome.Should().Be(JobOutcome.Completed);
        fetchedWhileApplying[1].Should().Equal(1);
        fetchedWhileApplying[3].Should().Equal(1, 2, 3);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(65)]
    public void An_invalid_lookahead_is_refused_at_creation_naming_the_option(int prefetch)
    {
        var create = () => ResumableJob.Create("bad", new NumberedSource(1), new RecordingSink(), new RecordingStore(), 1, Options(prefetch));

        create.Should().Throw<ArgumentOutOfRangeException>().WithMessage("*PrefetchPages*");
    }

    private sealed class CyclingSource : IPageSource<string, int>
    {
        public List<string> Fetches { get; } = [];

        public ValueTask<Page<string, int>> FetchPageAsync(string cursor, CancellationToken cancellationToken)
        {
            Fetches.Add(cursor);
            return ValueTask.FromResult(Page.More<string, int>([Fetches.Count], cursor == "a" ? "b" : "a"));
        }
    }
}
