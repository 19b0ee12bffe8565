using Microsoft.Extensions.Time.Testing;

namespace ResumableJobs.Tests.Throughput;

public sealed class CheckpointCadenceTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Every_page_is_checkpointed_by_default()
    {
        var store = new RecordingStore();

        await ResumableJob.Create("default", new NumberedSource(7), new RecordingSink(), store, 1).RunAsync(Ct);

        store.Saved.Select(c => c.PagesDone).Should().Equal(1, 2, 3, 4, 5, 6, 7);
    }

    [Fact]
    public async Task Every_N_pages_saves_every_Nth_page_and_always_the_last()
    {
        var store = new RecordingStore();
        var progress = new CollectingProgress<SyncProgress>();
        var options = new ResumableJobOptions { CheckpointEveryPages = 5 };

        var result = await ResumableJob.Create("every5", new NumberedSource(23), new RecordingSink(), store, 1, options).RunAsync(progress, Ct);

        result.Outcome.Should().Be(JobOutcome.Completed);
        result.PagesThisRun.Should().Be(23);
        result.ItemsThisRun.Should().Be(230);
        store.Saved.Select(c => c.PagesDone).Should().Equal(5, 10, 15, 20, 23);
        store.Saved.Select(c => c.Version).Should().Equal(1, 2, 3, 4, 5);
        store.Saved.Last().Completed.Should().BeTrue();
        progress.Reports.Where(p => p.State is JobState.Running or JobState.Completed).Select(p => p.PagesDone).Should().Equal(0, 5, 10, 15, 20, 23);
    }

    [Fact]
    public async Task An_interval_saves_when_that_much_time_passed_on_the_time_provider()
    {
        var time = new FakeTimeProvider();
        var sink = new RecordingSink();
        sink.OnApply = (_, _, _) =>
        {
            time.Advance(TimeSpan.FromSeconds(3)); // each page takes 3 s of (fake) time
            return ValueTask.CompletedTask;
        };
        var store = new RecordingStore();
        var options = new ResumableJobOptions { CheckpointEveryPages = 0, CheckpointInterval = TimeSpan.FromSeconds(10), TimeProvider = time };

        var result = await ResumableJob.Create("interval", new NumberedSource(10), sink, store, 1, options).RunAsync(Ct);

        result.Outcome.Should().Be(JobOutcome.Completed);
        store.Saved.Select(c => c.PagesDone).Should().Equal(4, 8, 10);
    }

    [Fact]
    public async Task With_both_triggers_whichever_comes_first_saves()
    {
        var time = new FakeTimeProvider();
        var sink = new RecordingSink();
        sink.OnApply = (page, _, _) =>
        {
            time.Advance(TimeSpan.FromSeconds(page <= 6 ? 1 : 20));
            return ValueTask.CompletedTask;
        };
        var store = new RecordingStore();
        var options = new ResumableJobOptions { CheckpointEveryPages = 3, CheckpointInterval = TimeSpan.FromSeconds(30), TimeProvider = time };

        await ResumableJob.Create("both", new NumberedSource(10), sink, store, 1, options).RunAsync(Ct);

        // Pages 1-6 take 1 s each (the page count triggers), pages 7-10 take 20 s each (time triggers every other page).
        store.Saved.Select(c => c.PagesDone).Should().Equal(3, 6, 8, 10);
    }

    [Fact]
    public async Task A_graceful_stop_checkpoints_every_applied_page_even_between_cadence_points()
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var sink = new RecordingSink();
        sink.OnApply = (page, _, _) =>
        {
            if (page == 4)
            {
                cts.Cancel();
            }

            return ValueTask.CompletedTask;
        };
        var store = new RecordingStore();
        var options = new ResumableJobOptions { CheckpointEveryPages = 10 };

        var result = await ResumableJob.Create("stop", new NumberedSource(30), sink, store, 1, options).RunAsync(cts.Token);

        result.Outcome.Should().Be(JobOutcome.Cancelled);
        result.TotalPages.Should().Be(4);
        store.Saved.Select(c => c.PagesDone).Should().Equal(4);

        var rerun = await ResumableJob.Create("stop", new NumberedSource(30), sink, store, 1, options).RunAsync(Ct);
        rerun.Outcome.Should().Be(JobOutcome.Completed);
        rerun.ResumedFromCursor.Should().Be("5");
        sink.AppliesPerPage.Values.Should().OnlyContain(n => n == 1, "nothing is replayed after a graceful stop");
    }

    [Fact]
    public async Task A_fatal_apply_between_cadence_points_checkpoints_the_pages_applied_before_it()
    {
        var sink = new RecordingSink();
        sink.OnApply = (page, _, _) => page == 6 ? throw new InvalidOperationException("bad row") : ValueTask.CompletedTask;
        var store = new RecordingStore();
        var options = new ResumableJobOptions { CheckpointEveryPages = 4 };

        var result = await ResumableJob.Create("flush", new NumberedSource(10), sink, store, 1, options).RunAsync(Ct);

        result.Outcome.Should().Be(JobOutcome.Failed);
        result.Error!.Message.Should().Be("bad row");
        store.Saved.Select(c => c.PagesDone).Should().Equal(4, 5);
        result.TotalPages.Should().Be(5);
        result.FinalCursor.Should().Be("6");
    }

    /// <summary>
    /// The documented bound: a run killed at any point replays at most <c>CheckpointEveryPages</c> pages. The kill
    /// is total (source, sink and store all stop answering), so the engine cannot checkpoint on its way out.
    /// </summary>
    [Theory]
    [InlineData(1, 0)]
    [InlineData(3, 0)]
    [InlineData(7, 0)]
    [InlineData(3, 2)]
    public async Task A_kill_at_any_point_replays_at_most_N_pages(int everyPages, int prefetch)
    {
        const int Pages = 20;
        foreach (var point in new[] { "fetch", "apply", "save" })
        {
            for (var killAt = 1; killAt <= Pages; killAt++)
            {
                var maxReplayed = await KillThenResume(killAt, point, new ResumableJobOptions { CheckpointEveryPages = everyPages, PrefetchPages = prefetch }, null);
                maxReplayed.Should().BeLessThanOrEqualTo(everyPages, $"killed at {point} of page {killAt} with a checkpoint every {everyPages} pages");
            }
        }
    }

    /// <summary>With a time cadence the bound is the pages applied in one interval, plus the one being applied.</summary>
    [Theory]
    [InlineData(5)]
    [InlineData(12)]
    public async Task A_kill_at_any_point_replays_at_most_the_pages_of_one_interval_plus_one(int intervalSeconds)
    {
        const int Pages = 20;
        const int SecondsPerPage = 2;
        var bound = (intervalSeconds / SecondsPerPage) + 1;
        foreach (var point in new[] { "fetch", "apply", "save" })
        {
            for (var killAt = 1; killAt <= Pages; killAt++)
            {
                var time = new FakeTimeProvider();
                var options = new ResumableJobOptions { CheckpointEveryPages = 0, CheckpointInterval = TimeSpan.FromSeconds(intervalSeconds), TimeProvider = time };
                var maxReplayed = await KillThenResume(killAt, point, options, time, TimeSpan.FromSeconds(SecondsPerPage));
                maxReplayed.Should().BeLessThanOrEqualTo(bound, $"killed at {point} of page {killAt} with a checkpoint every {intervalSeconds} s");
            }
        }
    }

    /// <summary>Runs a job, kills it at one point, resumes it to the end; returns how many pages were applied twice.</summary>
    private static async Task<int> KillThenResume(int killAt, string point, ResumableJobOptions options, FakeTimeProvider? time, TimeSpan pageTime = default)
    {
        const int Pages = 20;
        var kill = new KillSwitch();
        var source = new NumberedSource(Pages) { Kill = kill };
        var sink = new RecordingSink { Kill = kill };
        var store = new RecordingStore { Kill = kill };
        source.OnFetch = (cursor, _) =>
        {
            if (point == "fetch" && cursor == killAt)
            {
                kill.Trip();
            }

            return ValueTask.CompletedTask;
        };
        sink.OnApply = (page, _, _) =>
        {
            time?.Advance(pageTime);
            if (point == "apply" && page == killAt)
            {
                kill.Trip(); // killed half-way through the apply: the page counts as applied for the replay count below
            }

            return ValueTask.CompletedTask;
        };
        var partlyApplied = point == "apply" ? killAt : (int?)null;
        store.OnSave = (checkpoint, _) =>
        {
            if (point == "save" && checkpoint.PagesDone >= killAt && !kill.Tripped)
            {
                kill.Trip();
            }

            return ValueTask.CompletedTask;
        };

        var cursorsSaved = new List<int>();
        var first = await ResumableJob.Create("killed", source, sink, store, 1, options).RunAsync(Ct);
        first.Outcome.Should().BeOneOf(JobOutcome.Failed, JobOutcome.Completed);
        var appliedBefore = Enumerable.Range(1, Pages).Where(p => sink.ApplyCount(p) > 0 || p == partlyApplied).ToHashSet();
        cursorsSaved.AddRange(store.Saved.Select(c => int.Parse(c.Cursor, System.Globalization.CultureInfo.InvariantCulture)));

        var healthySource = new NumberedSource(Pages);
        sink.Kill = null;
        sink.OnApply = (_, _, _) =>
        {
            time?.Advance(pageTime);
            return ValueTask.CompletedTask;
        };
        store.Kill = null;
        store.OnSave = null;
        var second = await ResumableJob.Create("killed", healthySource, sink, store, 1, options).RunAsync(Ct);
        second.Outcome.Should().BeOneOf(JobOutcome.Completed, JobOutcome.AlreadyCompleted);
        cursorsSaved.AddRange(store.Saved.Skip(cursorsSaved.Count).Select(c => int.Parse(c.Cursor, System.Globalization.CultureInfo.InvariantCulture)));

        sink.Rows.Should().HaveCount(Pages * 10, "every item lands");
        cursorsSaved.Should().BeInAscendingOrder("the stored cursor never moves backward");
        var replayed = appliedBefore.Count(p => healthySource.FetchesStarted.Contains(p));
        return replayed;
    }

    [Theory]
    [InlineData(-1, 0)]
    [InlineData(1_000_001, 0)]
    [InlineData(0, 0)]
    [InlineData(1, -1)]
    [InlineData(1, 86_401)]
    public void An_invalid_cadence_is_refused_at_creation_naming_the_option(int everyPages, int intervalSeconds)
    {
        var options = new ResumableJobOptions { CheckpointEveryPages = everyPages, CheckpointInterval = TimeSpan.FromSeconds(intervalSeconds) };

        var create = () => ResumableJob.Create("bad", new NumberedSource(1), new RecordingSink(), new RecordingStore(), 1, options);

        create.Should().Throw<ArgumentException>().WithMessage("*Checkpoint*");
    }
}
