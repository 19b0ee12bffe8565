using Microsoft.Extensions.Time.Testing;

namespace ResumableJobs.Tests.Throughput;

/// <summary>The in-flight save grace period still works while the next page is being prefetched.</summary>
public sealed class GracePeriodUnderPrefetchTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_save_in_flight_at_a_stop_completes_within_the_grace_period_and_the_prefetched_page_is_dropped()
    {
        var time = new FakeTimeProvider();
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var source = new NumberedSource(10);
        var sink = new RecordingSink();
        var store = new RecordingStore();
        var savePending = Signals.NewSignal();
        var releaseSave = Signals.NewSignal();
        store.OnSave = async (checkpoint, token) =>
        {
            if (checkpoint.PagesDone == 2)
            {
                savePending.TrySetResult();
                await releaseSave.Task.WaitAsync(token);
            }
        };
        var options = new ResumableJobOptions { TimeProvider = time, CheckpointSaveGracePeriod = TimeSpan.FromSeconds(10) };

        var run = ResumableJob.Create("grace", source, sink, store, 1, options).RunAsync(cts.Token);
        await savePending.Task.Within();
        await cts.CancelAsync();
        time.Advance(TimeSpan.FromSeconds(9)); // still within the grace period
        source.FetchesStarted.Should().Contain(3, "page 3 was prefetched while page 2 was saved");
        releaseSave.SetResult();
        var result = await run;

        result.Outcome.Should().Be(JobOutcome.Cancelled);
        result.TotalPages.Should().Be(2);
        (await store.LoadAsync("grace", Ct))!.PagesDone.Should().Be(2);
        sink.ApplyCount(3).Should().Be(0);
    }

    [Fact]
    public async Task A_save_that_outlasts_the_grace_period_is_cancelled_and_the_checkpoint_stays_at_the_page_before()
    {
        var time = new FakeTimeProvider();
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var source = new NumberedSource(10);
        var sink = new RecordingSink();
        var store = new RecordingStore();
        var savePending = Signals.NewSignal();
        store.OnSave = async (checkpoint, token) =>
        {
            if (checkpoint.PagesDone == 2)
            {
                savePending.TrySetResult();
                await Task.Delay(Timeout.Infinite, token);
            }
        };
        var options = new ResumableJobOptions { TimeProvider = time, CheckpointSaveGracePeriod = TimeSpan.FromSeconds(10) };

        var run = ResumableJob.Create("grace-over", source, sink, store, 1, options).RunAsync(cts.Token);
        await savePending.Task.Within();
        await cts.CancelAsync();
        time.Advance(TimeSpan.FromSeconds(10));
        var result = await run;

        result.Outcome.Should().Be(JobOutcome.Cancelled);
        (await store.LoadAsync("grace-over", Ct))!.PagesDone.Should().Be(1);
        sink.ApplyCount(3).Should().Be(0);
        source.FetchesEnded.Should().Contain(3, "the dropped prefetch was awaited");
    }
}
