using ResumableJobs.Tests.Fakes;

namespace ResumableJobs.Tests.Engine;

/// <summary>Rule 6: cancellation is prompt (also during a backoff), safe (no checkpoint for an unfinished apply), and a
/// checkpoint save in flight may finish within the grace period.</summary>
public sealed class CancellationTests
{
    [Fact]
    public async Task Cancellation_during_the_first_backoff_ends_the_run_as_cancelled_without_moving_the_clock()
    {
        var harness = new JobHarness(FakePageSource.Uniform(5, 10));
        harness.Source.BeforeFetch = call => call.Cursor == 2 ? InjectedFault.Transient("page 3") : null;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        var run = harness.CreateJob().RunAsync(harness.Progress, stop.Token);

        var backoff = await harness.Clock.NextTimerAsync(TestContext.Current.CancellationToken);
        var before = await harness.LoadCheckpointAsync();
        var now = harness.Clock.GetUtcNow();
        await stop.CancelAsync();
        var result = await run.WaitAsync(SteppingTimeProvider.HangGuard, TestContext.Current.CancellationToken);

        backoff.Should().BeGreaterThan(TimeSpan.Zero);
        harness.Clock.GetUtcNow().Should().Be(now, "the run ended without its backoff elapsing");
        result.Outcome.Should().Be(JobOutcome.Cancelled);
        result.Error.Should().BeNull("a cancellation is not a failure");
        result.TotalPages.Should().Be(2);
        harness.Source.CallsFor(2).Should().Be(1, "nothing is fetched after the cancellation");
        harness.Source.TotalCalls.Should().Be(3);
        (await harness.LoadCheckpointAsync()).Should().Be(before, "the checkpoint is unchanged");
        harness.Store.SaveAttempts.Should().Be(2);
        var states = harness.Progress.Reports.Select(p => p.State).ToList();
        states[^1].Should().Be(JobState.Cancelled);
        states.Should().NotContain(JobState.Failed);
        result.Invoking(r => r.ThrowIfNotDone()).Should().Throw<OperationCanceledException>();
    }

    [Fact]
    public async Task Cancellation_during_an_apply_writes_no_checkpoint_for_that_page()
    {
        var harness = new JobHarness(FakePageSource.Uniform(5, 10));
        var applying = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        harness.Sink.BeforeApply = async (call, ct) =>
        {
            if (call.Context.PageNumber == 3)
            {
                applying.TrySetResult();
                await Task.Delay(Timeout.InfiniteTimeSpan, ct);
            }
        };
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        var run = harness.CreateJob().RunAsync(harness.Progress, stop.Token);

        await applying.Task.WaitAsync(SteppingTimeProvider.HangGuard, TestContext.Current.CancellationToken);
        await stop.CancelAsync();
        var result = await run.WaitAsync(SteppingTimeProvider.HangGuard, TestContext.Current.CancellationToken);

        result.Outcome.Should().Be(JobOutcome.Cancelled);
        harness.Sink.CompletedAppliesOf(3).Should().Be(0);
        harness.Store.SavedCheckpoints.Should().HaveCount(2).And.NotContain(c => c.PagesDone == 3);
        harness.Store.SaveAttempts.Should().Be(2, "no save is even attempted for the unfinished page");
        (await harness.LoadCheckpointAsync())!.Cursor.Should().Be("2");
    }

    [Fact]
    public async Task A_page_fetched_after_cancellation_was_requested_is_not_applied()
    {
        // Serial fetches, so that page 3 is fetched after page 2 was checkpointed; the prefetch variant is in
        // Throughput/PrefetchTests (a stop during a prefetch drops the prefetched page).
        var harness = new JobHarness(FakePageSource.Uniform(5, 10)) { Configure = o => o.PrefetchPages = 0 };
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        harness.Source.AfterFetch = call =>
        {
            if (call.Cursor == 2)
            {
                stop.Cancel();
            }

            return null;
        };

        var result = await harness.Clock.DriveAsync(harness.CreateJob().RunAsync(harness.Progress, stop.Token));

        result.Outcome.Should().Be(JobOutcome.Cancelled);
        harness.Sink.StartedAppliesOf(3).Should().Be(0, "a source that ignores the token still gets nothing applied after a stop");
        (await harness.LoadCheckpointAsync())!.PagesDone.Should().Be(2);
    }

    [Fact]
    public async Task A_run_cancelled_before_it_starts_fetches_nothing()
    {
        var harness = new JobHarness(FakePageSource.Uniform(2, 2));

        var result = await harness.CreateJob().RunAsync(harness.Progress, new CancellationToken(canceled: true));

        result.Outcome.Should().Be(JobOutcome.Cancelled);
        harness.Source.TotalCalls.Should().Be(0);
        harness.Store.Loads.Should().Be(0);
    }

    [Fact]
    public async Task A_save_in_flight_when_cancellation_is_requested_completes_within_the_grace_period()
    {
        using var inFlight = await CancelWhileTheSaveOfPage2IsInFlightAsync(gracePeriod: TimeSpan.FromSeconds(10));
        var harness = inFlight.Harness;

        harness.Clock.Advance(TimeSpan.FromSeconds(9));
        inFlight.Run.IsCompleted.Should().BeFalse("the save may still finish within the grace period");
        inFlight.Release.SetResult();
        var result = await inFlight.Run.WaitAsync(SteppingTimeProvider.HangGuard, TestContext.Current.CancellationToken);

        result.Outcome.Should().Be(JobOutcome.Cancelled);
        result.TotalPages.Should().Be(2, "the page whose save was in flight counts");
        (await harness.LoadCheckpointAsync())!.PagesDone.Should().Be(2, "the applied page is not replayed needlessly");
        harness.Source.CallsFor(2).Should().Be(1, "page 3 was prefetched while page 2 was saved, before the stop");
        harness.Source.CallsFor(3).Should().Be(0, "nothing is fetched after the cancellation");
        harness.Sink.StartedAppliesOf(3).Should().Be(0, "the prefetched page is dropped");
    }

    [Fact]
    public async Task A_save_in_flight_is_abandoned_once_the_grace_period_has_passed()
    {
        using var inFlight = await CancelWhileTheSaveOfPage2IsInFlightAsync(gracePeriod: TimeSpan.FromSeconds(10));
        var harness = inFlight.Harness;

        harness.Clock.Advance(TimeSpan.FromSeconds(10));
        var result = await inFlight.Run.WaitAsync(SteppingTimeProvider.HangGuard, TestContext.Current.CancellationToken);
        inFlight.Release.SetResult();

        result.Outcome.Should().Be(JobOutcome.Cancelled);
        result.TotalPages.Should().Be(1);
        (await harness.LoadCheckpointAsync())!.PagesDone.Should().Be(1, "the abandoned save never reached the store");
        harness.Store.SavedCheckpoints.Should().HaveCount(1);
        harness.Progress.Reports.Should().NotContain(p => p.State == JobState.Failed);
    }

    [Fact]
    public async Task A_zero_grace_period_abandons_a_save_in_flight_at_once()
    {
        // The save is never released: only the engine abandoning it can end the run.
        using var inFlight = await CancelWhileTheSaveOfPage2IsInFlightAsync(gracePeriod: TimeSpan.Zero);

        var result = await inFlight.Run.WaitAsync(SteppingTimeProvider.HangGuard, TestContext.Current.CancellationToken);

        result.Outcome.Should().Be(JobOutcome.Cancelled);
        (await inFlight.Harness.LoadCheckpointAsync())!.PagesDone.Should().Be(1);
    }

    /// <summary>Starts a run of 5 pages whose checkpoint save of page 2 is held in flight until
    /// <see cref="SaveInFlight.Release"/> is set (or the engine abandons it), waits until that save has started, and
    /// then requests cancellation.</summary>
    private static async Task<SaveInFlight> CancelWhileTheSaveOfPage2IsInFlightAsync(TimeSpan gracePeriod)
    {
        var harness = new JobHarness(FakePageSource.Uniform(5, 10))
        {
            Configure = o => o.CheckpointSaveGracePeriod = gracePeriod,
        };
        var saving = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        harness.Store.SaveGate = async (checkpoint, ct) =>
        {
            if (checkpoint.PagesDone == 2)
            {
                saving.TrySetResult();
                await release.Task.WaitAsync(ct);
            }
        };
        var stop = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        var run = harness.CreateJob().RunAsync(harness.Progress, stop.Token);

        await saving.Task.WaitAsync(SteppingTimeProvider.HangGuard, TestContext.Current.CancellationToken);
        await stop.CancelAsync();
        return new SaveInFlight(harness, run, release, stop);
    }

    /// <summary>A run whose save of page 2 is held in flight, after cancellation was requested.</summary>
    /// <param name="Harness">The job's fakes.</param>
    /// <param name="Run">The run.</param>
    /// <param name="Release">Set it to let the held save reach the store.</param>
    /// <param name="Stop">The cancelled source of the run's token.</param>
    private sealed record SaveInFlight(JobHarness Harness, Task<JobRunResult> Run, TaskCompletionSource Release, CancellationTokenSource Stop) : IDisposable
    {
        public void Dispose() => Stop.Dispose();
    }
}
