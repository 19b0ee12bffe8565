using Microsoft.Extensions.Time.Testing;

namespace ResumableJobs.Tests.Throughput;

/// <summary>The in-flight save grace period still works while the next page is being prefetched.</summary>
public sealed class GracePeriodUnderPrefetchTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_save_in_flight_at_a_stop_completes_within_the_grace_period_and_the_prefetched_page_is_dropped()
    {
        using var stop = await StopWhileTheSaveOfPage2IsInFlightAsync("grace");
        stop.Time.Advance(TimeSpan.FromSeconds(9)); // still within the grace period
        stop.Source.FetchesStarted.Should().Contain(3, "page 3 was prefetched while page 2 was saved");
        stop.ReleaseSave.SetResult();
        var result = await stop.Run;

        result.Outcome.Should().Be(JobOutcome.Cancelled);
        result.TotalPages.Should().Be(2);
        (await stop.Store.LoadAsync("grace", Ct))!.PagesDone.Should().Be(2);
        stop.Sink.ApplyCount(3).Should().Be(0);
    }

    [Fact]
    public async Task A_save_that_outlasts_the_grace_period_is_cancelled_and_the_checkpoint_stays_at_the_page_before()
    {
        // The save is never released: only the end of the grace period ends it.
        using var stop = await StopWhileTheSaveOfPage2IsInFlightAsync("grace-over");
        stop.Time.Advance(TimeSpan.FromSeconds(10));
        var result = await stop.Run;

        result.Outcome.Should().Be(JobOutcome.Cancelled);
        (await stop.Store.LoadAsync("grace-over", Ct))!.PagesDone.Should().Be(1);
        stop.Sink.ApplyCount(3).Should().Be(0);
        stop.Source.FetchesEnded.Should().Contain(3, "the dropped prefetch was awaited");
    }

    /// <summary>Runs a 10-page job with a 10 s grace period whose save of page 2 waits for <see cref="StoppedRun.ReleaseSave"/>
    /// (or the save token), and cancels it while that save is in flight.</summary>
    private static async Task<StoppedRun> StopWhileTheSaveOfPage2IsInFlightAsync(string jobId)
    {
        var time = new FakeTimeProvider();
        var cts = CancellationTokenSource.CreateLinkedTokenSource(Ct);
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

        var run = ResumableJob.Create(jobId, source, sink, store, 1, options).RunAsync(cts.Token);
        await savePending.Task.Within();
        await cts.CancelAsync();
        return new StoppedRun(time, source, sink, store, releaseSave, run, cts);
    }

    private sealed record StoppedRun(
        FakeTimeProvider Time,
        NumberedSource Source,
        RecordingSink Sink,
        RecordingStore Store,
        TaskCompletionSource ReleaseSave,
        Task<JobRunResult> Run,
        CancellationTokenSource Stop) : IDisposable
    {
        public void Dispose() => Stop.Dispose();
    }
}
