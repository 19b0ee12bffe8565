using Microsoft.Extensions.Time.Testing;
using Polly;

namespace ResumableJobs.Tests.Throughput;

/// <summary>
/// The built-in retry runs an operation's first attempt outside Polly and enters the pipeline only after a transient
/// failure; attempts, delays and reports must be exactly those of Polly running every attempt.
/// </summary>
public sealed class RetryFastPathTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_forever_transient_fetch_is_attempted_once_plus_MaxRetryAttempts_with_the_documented_delays()
    {
        var time = new FakeTimeProvider();
        var source = new NumberedSource(3);
        source.OnFetch = (_, _) => throw new TransientFaultException("busy", null, null);
        var retry = new RetryOptions { MaxRetryAttempts = 4, BaseDelay = TimeSpan.FromSeconds(1), MaxDelay = TimeSpan.FromSeconds(5), Randomizer = () => 0.5 };
        var progress = new CollectingProgress<SyncProgress>();
        var options = new ResumableJobOptions { TimeProvider = time, Retry = retry };

        var run = ResumableJob.Create("forever", source, new RecordingSink(), new RecordingStore(), 1, options).RunAsync(progress, Ct);
        while (!run.IsCompleted)
        {
            time.Advance(TimeSpan.FromMilliseconds(250));
            await Task.Yield();
        }

        var result = await run;
        result.Outcome.Should().Be(JobOutcome.Failed);
        result.Error.Should().BeOfType<TransientFaultException>();
        source.FetchesStarted.Should().HaveCount(5);
        var retries = progress.Reports.Where(p => p.State == JobState.Retrying).ToList();
        retries.Select(p => p.RetryAttempt).Should().Equal(1, 2, 3, 4);
        retries.Select(p => p.RetryDelay).Should().Equal(Enumerable.Range(0, 4).Select(n => (TimeSpan?)retry.ComputeDelay(n)));
    }

    [Fact]
    public async Task A_fatal_first_attempt_is_not_retried_and_keeps_its_exception()
    {
        var source = new NumberedSource(3);
        var fatal = new InvalidOperationException("schema changed");
        source.OnFetch = (_, _) => throw fatal;

        var result = await ResumableJob.Create("fatal", source, new RecordingSink(), new RecordingStore(), 1).RunAsync(Ct);

        result.Error.Should().BeSameAs(fatal);
        source.FetchesStarted.Should().HaveCount(1);
    }

    [Fact]
    public async Task A_custom_pipeline_still_sees_every_attempt()
    {
        var calls = 0;
        var pipeline = new ResiliencePipelineBuilder().AddStrategy(_ => new CountingStrategy(() => calls++), new CountingStrategyOptions()).Build();
        var options = new ResumableJobOptions { ResiliencePipeline = pipeline };

        var result = await ResumableJob.Create("custom", new NumberedSource(4), new RecordingSink(), new RecordingStore(), 1, options).RunAsync(Ct);

        result.Outcome.Should().Be(JobOutcome.Completed);
        calls.Should().Be(1 + (3 * 4), "one load, and a fetch, an apply and a save per page");
    }

    private sealed class CountingStrategyOptions : ResilienceStrategyOptions;

    private sealed class CountingStrategy(Action onCall) : ResilienceStrategy
    {
        protected override ValueTask<Outcome<TResult>> ExecuteCore<TResult, TState>(
            Func<ResilienceContext, TState, ValueTask<Outcome<TResult>>> callback, ResilienceContext context, TState state)
        {
            onCall();
            return callback(context, state);
        }
    }
}
