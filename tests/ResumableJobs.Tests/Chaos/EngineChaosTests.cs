using Microsoft.Extensions.Time.Testing;
using ResumableJobs.Testing;

namespace ResumableJobs.Tests.Chaos;

/// <summary>The engine against the chaos helpers, on the in-memory store.</summary>
public sealed class EngineChaosTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_sink_that_fails_mid_page_keeps_the_checkpoint_at_the_page_before_and_a_rerun_applies_every_item_once()
    {
        var time = new FakeTimeProvider();
        var source = new ChaosPageSource(new ChaosPageSourceOptions { Seed = 1, ItemCount = 50, PageSize = 10, UpdateFraction = 0 });
        var sink = new RecordingSink<ChaosItem>(i => i.Id);
        var store = new InMemoryCheckpointStore();
        sink.FailOnItem(i => i.Revision == 24);
        var job = ResumableJob.Create("mid-page", source, sink, store, ChaosPageSource.StartCursor, ChaosRuns.FastRetries(time));

        var failed = await ChaosRuns.RunOnFakeClockAsync(job, time, Token);

        failed.Outcome.Should().Be(JobOutcome.Failed);
        failed.Error.Should().BeOfType<ChaosFatalFaultException>();
        (await store.LoadAsync("mid-page", Token))!.Cursor.Should().Be("20", "the checkpoint stays after page 2");
        sink.State.Keys.Should().BeEquivalentTo(source.Items.Take(24).Select(i => i.Id), "items 21-24 of page 3 were written before item 25 failed");

        var rerun = await ChaosRuns.RunOnFakeClockAsync(job, time, Token);

        rerun.Outcome.Should().Be(JobOutcome.Completed);
        sink.State.Should().BeEquivalentTo(source.ExpectedFinalState);
        sink.PagesAppliedMoreThanOnce().Should().Equal(3L);
        rerun.TotalItems.Should().Be(50);
    }

    [Fact]
    public async Task A_save_whose_acknowledgement_was_lost_is_recognized_and_the_run_goes_on()
    {
        var time = new FakeTimeProvider();
        var source = new ChaosPageSource(seed: 2, itemCount: 100, pageSize: 10);
        var sink = new RecordingSink<ChaosItem>(i => i.Id);
        var store = new FaultyCheckpointStore(new InMemoryCheckpointStore());
        store.FailSave(3, SaveFaultTiming.AfterSave);
        store.FailSave(6, SaveFaultTiming.BeforeSave);
        var job = ResumableJob.Create("lost-ack", source, sink, store, ChaosPageSource.StartCursor, ChaosRuns.FastRetries(time));

        var result = await ChaosRuns.RunOnFakeClockAsync(job, time, Token);

        result.Outcome.Should().Be(JobOutcome.Completed);
        store.FaultsInjected.Should().Be(2);
        store.StoredCheckpoints.Select(c => c.Version).Should().Equal(Enumerable.Range(1, 10).Select(v => (long)v));
        sink.PagesAppliedMoreThanOnce().Should().BeEmpty();
        sink.State.Should().BeEquivalentTo(source.ExpectedFinalState);
    }

    [Fact]
    public async Task Throttles_and_slow_pages_are_waited_out_on_the_clock()
    {
        var time = new FakeTimeProvider();
        var source = new ChaosPageSource(new ChaosPageSourceOptions
        {
            Seed = 3,
            ItemCount = 60,
            PageSize = 10,
            ThrottleRetryAfter = TimeSpan.FromSeconds(1),
            SlowPageDelay = TimeSpan.FromMinutes(1),
            TimeProvider = time,
        });
        source.Schedule(1, ChaosFault.Throttle, times: 3);
        source.Schedule(4, ChaosFault.Slow);
        var sink = new RecordingSink<ChaosItem>(i => i.Id);
        var job = ResumableJob.Create("throttled", source, sink, new InMemoryCheckpointStore(), ChaosPageSource.StartCursor, ChaosRuns.FastRetries(time));
        var started = time.GetUtcNow();

        var result = await ChaosRuns.RunOnFakeClockAsync(job, time, Token);

        result.Outcome.Should().Be(JobOutcome.Completed);
        source.InjectedCount(ChaosFault.Throttle).Should().Be(3);
        source.InjectedCount(ChaosFault.Slow).Should().Be(1);
        source.FetchedPages.Count(p => p == 1).Should().Be(4);
        (time.GetUtcNow() - started).Should().BeGreaterThanOrEqualTo(TimeSpan.FromMinutes(1) + TimeSpan.FromSeconds(3), "the fake clock had to pass the slow page and three Retry-Afters");
        sink.State.Should().BeEquivalentTo(source.ExpectedFinalState);
    }

    [Fact]
    public async Task Seeded_chaos_with_restarts_ends_with_every_item_once_and_a_checkpoint_that_never_moved_back()
    {
        for (var seed = 1; seed <= 40; seed++)
        {
            await RunChaosScheduleAsync(seed);
        }
    }

    private static async Task RunChaosScheduleAsync(int seed)
    {
        var time = new FakeTimeProvider();
        var source = new ChaosPageSource(new ChaosPageSourceOptions
        {
            Seed = seed,
            ItemCount = 200,
            PageSize = 7,
            UpdateFraction = 0.25,
            TransientFaultRate = 0.15,
            FatalFaultRate = 0.04,
            ThrottleRate = 0.05,
            SlowPageRate = 0.05,
            ThrottleRetryAfter = TimeSpan.FromSeconds(3),
            SlowPageDelay = TimeSpan.FromSeconds(10),
            TimeProvider = time,
        });
        var sink = new RecordingSink<ChaosItem>(i => i.Id);
        var failAt = new Random(seed).Next(200);
        sink.FailOnItem(i => i.Revision == failAt, error: i => new ChaosFatalFaultException($"sink down at {i.Id}"));
        var store = new FaultyCheckpointStore(new InMemoryCheckpointStore());
        store.FailSavesAtRandom(seed, beforeSaveRate: 0.05, afterSaveRate: 0.05);
        var job = ResumableJob.Create($"chaos-{seed}", source, sink, store, ChaosPageSource.StartCursor, ChaosRuns.FastRetries(time, attempts: 3));

        var failures = 0;
        JobRunResult result;
        do
        {
            result = await ChaosRuns.RunOnFakeClockAsync(job, time, Token);
            if (result.Outcome == JobOutcome.Failed)
            {
                failures++;
            }

            failures.Should().BeLessThan(100, $"seed {seed} should complete; last error: {result.Error}");
        }
        while (result.Outcome != JobOutcome.Completed);

        var because = $"seed {seed} ({failures} failed runs)";
        sink.State.Should().BeEquivalentTo(source.ExpectedFinalState, because);
        sink.PagesAppliedMoreThanOnce().Count.Should().BeLessThanOrEqualTo(failures, because);
        var versions = store.StoredCheckpoints.Select(c => c.Version).ToList();
        versions.Should().Equal(Enumerable.Range(1, (int)source.PageCount).Select(v => (long)v), because);
        store.StoredCheckpoints.Select(c => long.Parse(c.Cursor, System.Globalization.CultureInfo.InvariantCulture)).Should().BeInAscendingOrder(because);
        var final = await store.LoadAsync($"chaos-{seed}", Token);
        final!.Completed.Should().BeTrue(because);
        final.ItemsDone.Should().Be(200, because);
    }
}
