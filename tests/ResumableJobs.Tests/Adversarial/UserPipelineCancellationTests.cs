using Polly;
using Polly.Retry;
using ResumableJobs.Tests.Fakes;

namespace ResumableJobs.Tests.Adversarial;

/// <summary>
/// A user's resilience pipeline that retries every exception (<c>Handle&lt;Exception&gt;()</c>, the obvious thing
/// to write) also retries OperationCanceledException, and with a zero delay Polly never notices the stop. The engine
/// must still stop at once: no operation is called again after the stop, and the run ends as cancelled.
/// </summary>
public sealed class UserPipelineCancellationTests
{
    private static ResiliencePipeline RetryEverything(TimeProvider clock) =>
        new ResiliencePipelineBuilder { TimeProvider = clock }
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = args => ValueTask.FromResult(args.Outcome.Exception is not null),
                MaxRetryAttempts = 1_000,
                Delay = TimeSpan.Zero,
            })
            .Build();

    [Fact]
    public async Task A_stop_during_a_fetch_is_not_retried_by_a_pipeline_that_retries_everything()
    {
        var clock = new SteppingTimeProvider();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        var source = FakePageSource.Uniform(5, 2);
        source.BeforeFetch = call =>
        {
            if (call.Cursor == 2)
            {
                stop.Cancel();
            }

            return null;
        };
        var job = ResumableJob.Create("pipeline-fetch", source, new RecordingSink(), new InMemoryCheckpointStore(), 0,
            new ResumableJobOptions { TimeProvider = clock, PrefetchPages = 0, ResiliencePipeline = RetryEverything(clock) });

        var result = await clock.DriveAsync(job.RunAsync(stop.Token));

        result.Outcome.Should().Be(JobOutcome.Cancelled);
        source.CallsFor(2).Should().Be(1, "the cancelled fetch is not called again");
        result.TotalPages.Should().Be(2);
    }

    [Fact]
    public async Task A_stop_during_an_apply_is_not_retried_by_a_pipeline_that_retries_everything()
    {
        var clock = new SteppingTimeProvider();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        var sink = new RecordingSink();
        var appliesOfPage3 = 0;
        sink.BeforeApply = (call, ct) =>
        {
            if (call.Context.PageNumber == 3)
            {
                appliesOfPage3++;
                stop.Cancel();
                ct.ThrowIfCancellationRequested();
            }

            return ValueTask.CompletedTask;
        };
        var store = new FaultInjectingCheckpointStore();
        var job = ResumableJob.Create("pipeline-apply", FakePageSource.Uniform(5, 2), sink, store, 0,
            new ResumableJobOptions { TimeProvider = clock, ResiliencePipeline = RetryEverything(clock) });

        var result = await clock.DriveAsync(job.RunAsync(stop.Token));

        result.Outcome.Should().Be(JobOutcome.Cancelled);
        appliesOfPage3.Should().Be(1, "the cancelled apply is not called again");
        (await store.Inner.LoadAsync("pipeline-apply", TestContext.Current.CancellationToken))!.PagesDone.Should().Be(2);
    }

    [Fact]
    public async Task A_cancellation_the_run_did_not_ask_for_is_still_the_pipelines_to_retry()
    {
        // An operation's own timeout (not the run's stop) stays an ordinary fault the user's pipeline may retry.
        var clock = new SteppingTimeProvider();
        var source = FakePageSource.Uniform(3, 2);
        source.BeforeFetch = call => call.Cursor == 1 && call.CallForCursor == 1 ? new OperationCanceledException("the request timed out") : null;
        var job = ResumableJob.Create("pipeline-timeout", source, new RecordingSink(), new InMemoryCheckpointStore(), 0,
            new ResumableJobOptions { TimeProvider = clock, ResiliencePipeline = RetryEverything(clock) });

        var result = await clock.DriveAsync(job.RunAsync(TestContext.Current.CancellationToken));

        result.Outcome.Should().Be(JobOutcome.Completed);
        source.CallsFor(1).Should().Be(2);
    }
}
