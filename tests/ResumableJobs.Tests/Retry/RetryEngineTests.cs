using System.Globalization;
using System.Net;
using Polly;
using Polly.Retry;
using ResumableJobs.Tests.Fakes;

namespace ResumableJobs.Tests.Retry;

/// <summary>Rule 5 through the engine: capped exponential backoff with jitter on a fake clock, Retry-After, what is
/// and is not retried, and a failure that leaves a checkpoint to resume from.</summary>
public sealed class RetryEngineTests
{
    private static readonly TimeSpan Base = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Cap = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Two_thousand_retries_of_a_forever_transient_source_keep_every_delay_in_bounds_and_jittered_at_the_cap()
    {
        var harness = new JobHarness(FakePageSource.Uniform(3, 5), seed: 2000);
        harness.Retry.MaxRetryAttempts = 2000;
        harness.Retry.BaseDelay = Base;
        harness.Retry.MaxDelay = Cap;
        TransientFaultException? lastFault = null;
        harness.Source.BeforeFetch = call => call.Cursor == 1 ? lastFault = InjectedFault.Transient($"attempt {call.CallForCursor}") : null;

        var result = await harness.RunAsync(TestContext.Current.CancellationToken);

        // Attempts exhausted: a failed result with the last error and the checkpoint intact.
        result.Outcome.Should().Be(JobOutcome.Failed);
        result.Error.Should().BeSameAs(lastFault);
        result.Error!.Message.Should().EndWith("attempt 2001");
        harness.Source.CallsFor(1).Should().Be(2001);
        (await harness.LoadCheckpointAsync())!.Cursor.Should().Be("1");

        var retries = harness.Progress.Reports.Where(p => p.State == JobState.Retrying).ToList();
        retries.Select(r => r.RetryAttempt).Should().Equal(Enumerable.Range(1, 2000));
        retries.Should().OnlyContain(r => r.RetryingOperation == "fetch" && r.LastError!.Contains("injected transient fault"));
        var delays = retries.Select(r => r.RetryDelay!.Value).ToList();
        delays.Should().OnlyContain(d => d > TimeSpan.Zero && d <= Cap + Base, "no delay is zero or above cap + base");
        for (var attempt = 0; attempt < 5; attempt++)
        {
            var exponential = Base * Math.Pow(2, attempt);
            delays[attempt].Should().BeGreaterThan(exponential).And.BeLessThanOrEqualTo(exponential + Base, "retry {0} waits base·2^n plus jitter", attempt + 1);
        }

        var atCap = delays.Skip(5).ToList();
        atCap.Should().OnlyContain(d => d > Cap && d <= Cap + Base);
        atCap.Distinct().Count().Should().BeGreaterThan(1000, "jitter survives at the cap");
        (atCap.Max() - atCap.Min()).Should().BeGreaterThan(Base * 0.9, "the jitter spans about one base delay");

        // The engine really waited those delays on the injected clock, and only those.
        harness.Clock.TimerDueTimes.Should().HaveCount(2000);
        harness.Clock.TimerDueTimes.Zip(delays).Should().OnlyContain(pair => (pair.First - pair.Second).Duration() < TimeSpan.FromMilliseconds(1));
        result.Elapsed.Should().Be(harness.Clock.GetUtcNow() - harness.Clock.Start);

        harness.Source.BeforeFetch = null;
        var resumed = await harness.RunAsync(TestContext.Current.CancellationToken);

        resumed.Outcome.Should().Be(JobOutcome.Completed);
        resumed.ResumedFromCursor.Should().Be("1");
        resumed.PagesThisRun.Should().Be(2);
        harness.Sink.Rows.Should().HaveCount(15);
    }

    public static TheoryData<string, Func<TimeProvider, Exception>, TimeSpan> RetryAfterFaults() => new()
    {
        { "our exception, 7 s", _ => new TransientFaultException("throttled", TimeSpan.FromSeconds(7)), TimeSpan.FromSeconds(7) },
        { "our exception, 1 h (capped)", _ => new TransientFaultException("throttled", TimeSpan.FromHours(1)), Cap },
        { "our exception, 0 s", _ => new TransientFaultException("throttled", TimeSpan.Zero), TimeSpan.Zero },
        { "HttpRequestException 503, Data seconds text", _ => WithRetryAfter(new HttpRequestException("busy", null, HttpStatusCode.ServiceUnavailable), "12"), TimeSpan.FromSeconds(12) },
        { "HttpRequestException 429, Data TimeSpan", _ => WithRetryAfter(new HttpRequestException("slow down", null, HttpStatusCode.TooManyRequests), TimeSpan.FromSeconds(3)), TimeSpan.FromSeconds(3) },
        { "HttpRequestException 429, Data DateTimeOffset", clock => WithRetryAfter(new HttpRequestException("slow down", null, HttpStatusCode.TooManyRequests), clock.GetUtcNow().AddSeconds(20)), TimeSpan.FromSeconds(20) },
        { "HttpRequestException 503, Data HTTP date", clock => WithRetryAfter(new HttpRequestException("busy", null, HttpStatusCode.ServiceUnavailable), clock.GetUtcNow().AddSeconds(25).ToString("r", CultureInfo.InvariantCulture)), TimeSpan.FromSeconds(25) },
        { "HttpRequestException 503, Data a day (capped)", _ => WithRetryAfter(new HttpRequestException("busy", null, HttpStatusCode.ServiceUnavailable), "86400"), Cap },
        { "Retry-After on an inner exception", _ => new IOException("wrapped", WithRetryAfter(new HttpRequestException("busy", null, HttpStatusCode.ServiceUnavailable), "9")), TimeSpan.FromSeconds(9) },
    };

    [Theory]
    [MemberData(nameof(RetryAfterFaults))]
    public async Task A_servers_Retry_After_is_honoured_and_capped(string what, Func<TimeProvider, Exception> fault, TimeSpan expectedBackoff)
    {
        var harness = new JobHarness(FakePageSource.Uniform(2, 2));
        harness.Retry.BaseDelay = Base;
        harness.Retry.MaxDelay = Cap;
        harness.Retry.Randomizer = () => 0.5;
        harness.Source.BeforeFetch = call => call.Cursor == 1 && call.CallForCursor == 1 ? fault(harness.Clock) : null;

        var result = await harness.RunAsync(TestContext.Current.CancellationToken);

        result.Outcome.Should().Be(JobOutcome.Completed, what);
        var expected = expectedBackoff + (Base / 2);
        harness.Progress.Reports.Should().ContainSingle(p => p.State == JobState.Retrying, what)
            .Which.RetryDelay.Should().Be(expected, "{0}: Retry-After plus half a base delay of jitter", what);
        harness.Clock.TimerDueTimes.Should().ContainSingle().Which.Should().Be(expected, what);
    }

    [Fact]
    public async Task Without_jitter_the_Retry_After_is_waited_exactly()
    {
        var harness = new JobHarness(FakePageSource.Uniform(2, 2));
        harness.Retry.UseJitter = false;
        harness.Source.BeforeFetch = call => call.Cursor == 1 && call.CallForCursor == 1 ? new TransientFaultException("throttled", TimeSpan.FromSeconds(7)) : null;

        await harness.RunAsync(TestContext.Current.CancellationToken);

        harness.Clock.TimerDueTimes.Should().Equal(TimeSpan.FromSeconds(7));
    }

    [Fact]
    public async Task A_fatal_error_is_not_retried()
    {
        var harness = new JobHarness(FakePageSource.Uniform(3, 2));
        var fatal = new InvalidOperationException("the API key was revoked");
        harness.Source.BeforeFetch = call => call.Cursor == 1 ? fatal : null;

        var result = await harness.RunAsync(TestContext.Current.CancellationToken);

        result.Outcome.Should().Be(JobOutcome.Failed);
        result.Error.Should().BeSameAs(fatal);
        harness.Source.CallsFor(1).Should().Be(1);
        harness.Clock.TimerDueTimes.Should().BeEmpty("nothing waited for a retry");
        harness.Progress.Reports.Should().NotContain(p => p.State == JobState.Retrying);
        harness.Progress.Reports[^1].Should().BeEquivalentTo(new { State = JobState.Failed, LastError = "the API key was revoked", PagesDone = 1L });
    }

    [Fact]
    public async Task A_save_is_retried_on_its_own_without_applying_again()
    {
        var harness = new JobHarness(FakePageSource.Uniform(3, 2));
        harness.Store.BeforeSave = checkpoint => checkpoint.PagesDone == 2 && harness.Store.SaveAttempts == 2 ? InjectedFault.Transient("save") : null;

        var result = await harness.RunAsync(TestContext.Current.CancellationToken);

        result.Outcome.Should().Be(JobOutcome.Completed);
        harness.Sink.StartedAppliesOf(2).Should().Be(1);
        harness.Source.CallsFor(1).Should().Be(1);
        harness.Store.SaveAttempts.Should().Be(4);
        harness.Progress.Reports.Should().ContainSingle(p => p.State == JobState.Retrying).Which.RetryingOperation.Should().Be("save");
    }

    [Fact]
    public async Task A_save_that_landed_but_reported_a_transient_error_is_recognised_on_retry_not_taken_for_a_conflict()
    {
        var harness = new JobHarness(FakePageSource.Uniform(4, 2));
        harness.Store.AfterSave = checkpoint => checkpoint.PagesDone == 2 ? InjectedFault.Transient("reply lost") : null;

        var result = await harness.RunAsync(TestContext.Current.CancellationToken);

        result.Outcome.Should().Be(JobOutcome.Completed, result.ToString());
        harness.Store.SavedCheckpoints.Should().HaveCount(4);
        harness.Store.RefusedCheckpoints.Should().ContainSingle().Which.PagesDone.Should().Be(2);
        CheckpointLog.ShouldMoveOnlyForward(harness.Store.SavedCheckpoints);
        harness.Sink.CompletedAppliesOf(2).Should().Be(1);
    }

    [Fact]
    public async Task A_transient_load_fault_is_retried()
    {
        var harness = new JobHarness(FakePageSource.Uniform(2, 2));
        harness.Store.BeforeLoad = _ => harness.Store.Loads == 1 ? new IOException("disk busy") : null;

        var result = await harness.RunAsync(TestContext.Current.CancellationToken);

        result.Outcome.Should().Be(JobOutcome.Completed);
        harness.Progress.Reports.Should().ContainSingle(p => p.State == JobState.Retrying).Which.RetryingOperation.Should().Be("load");
    }

    [Fact]
    public async Task The_transient_predicate_can_be_replaced()
    {
        var harness = new JobHarness(FakePageSource.Uniform(3, 2));
        harness.Retry.ShouldRetry = ex => ex is InvalidOperationException;
        harness.Source.BeforeFetch = call => (call.Cursor, call.CallForCursor) switch
        {
            (1, 1) => new InvalidOperationException("retried by the user's predicate"),
            (2, 1) => new TransientFaultException("not retried by the user's predicate"),
            _ => null,
        };

        var result = await harness.RunAsync(TestContext.Current.CancellationToken);

        result.Outcome.Should().Be(JobOutcome.Failed);
        result.Error.Should().BeOfType<TransientFaultException>();
        harness.Source.CallsFor(1).Should().Be(2);
        harness.Source.CallsFor(2).Should().Be(1);
    }

    [Fact]
    public async Task Cancellation_is_never_retried_whatever_the_predicate_says()
    {
        var harness = new JobHarness(FakePageSource.Uniform(3, 2));
        harness.Retry.ShouldRetry = _ => true;
        var cancelled = new OperationCanceledException("the sink's own token was cancelled");
        harness.Sink.ThrowOn = (item, _) => item.Id == 3 ? cancelled : null;

        var result = await harness.RunAsync(TestContext.Current.CancellationToken);

        result.Outcome.Should().Be(JobOutcome.Failed, "a cancellation the job did not ask for is a failure, not a cancelled run");
        result.Error.Should().BeSameAs(cancelled);
        harness.Sink.StartedAppliesOf(2).Should().Be(1);
    }

    [Fact]
    public async Task An_HttpClient_timeout_is_retried_and_not_mistaken_for_cancellation()
    {
        var harness = new JobHarness(FakePageSource.Uniform(2, 2));
        harness.Source.BeforeFetch = call => call.Cursor == 1 && call.CallForCursor == 1
            ? new TaskCanceledException("The request was canceled due to the configured HttpClient.Timeout of 100 seconds elapsing.", new TimeoutException())
            : null;

        var result = await harness.RunAsync(TestContext.Current.CancellationToken);

        result.Outcome.Should().Be(JobOutcome.Completed);
        harness.Source.CallsFor(1).Should().Be(2);
    }

    [Fact]
    public async Task Zero_retry_attempts_fail_at_the_first_transient_fault()
    {
        var harness = new JobHarness(FakePageSource.Uniform(2, 2));
        harness.Retry.MaxRetryAttempts = 0;
        var fault = InjectedFault.Transient("once");
        harness.Source.BeforeFetch = call => call.Cursor == 1 ? fault : null;

        var result = await harness.RunAsync(TestContext.Current.CancellationToken);

        result.Error.Should().BeSameAs(fault);
        harness.Source.CallsFor(1).Should().Be(1);
    }

    [Fact]
    public async Task A_users_resilience_pipeline_replaces_the_built_in_retry_and_its_retries_are_reported()
    {
        var harness = new JobHarness(FakePageSource.Uniform(2, 2));
        harness.Retry.MaxRetryAttempts = 0;
        var pipeline = new ResiliencePipelineBuilder()
            .AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = 3,
                Delay = TimeSpan.Zero,
                ShouldHandle = new PredicateBuilder().Handle<InjectedFatalException>(),
            })
            .Build();
        harness.Configure = o => o.ResiliencePipeline = pipeline;
        harness.Source.BeforeFetch = call => call.Cursor == 1 && call.CallForCursor <= 2 ? InjectedFault.Fatal($"try {call.CallForCursor}") : null;

        var result = await harness.RunAsync(TestContext.Current.CancellationToken);

        result.Outcome.Should().Be(JobOutcome.Completed);
        harness.Source.CallsFor(1).Should().Be(3);
        var retries = harness.Progress.Reports.Where(p => p.State == JobState.Retrying).ToList();
        retries.Select(r => r.RetryAttempt).Should().Equal(1, 2);
        retries.Should().OnlyContain(r => r.RetryingOperation == "fetch" && r.RetryDelay == null);
        retries[1].LastError.Should().Be("fetch: injected fatal fault try 2");
    }

    [Fact]
    public async Task The_largest_valid_delays_are_accepted_and_waited()
    {
        var harness = new JobHarness(FakePageSource.Uniform(2, 2));
        harness.Retry.BaseDelay = TimeSpan.FromDays(1);
        harness.Retry.MaxDelay = TimeSpan.FromDays(1);
        harness.Source.BeforeFetch = call => call.Cursor == 1 && call.CallForCursor <= 3 ? InjectedFault.Transient("down for days") : null;

        var result = await harness.RunAsync(TestContext.Current.CancellationToken);

        result.Outcome.Should().Be(JobOutcome.Completed, result.ToString());
        harness.Clock.TimerDueTimes.Should().HaveCount(3).And.OnlyContain(d => d > TimeSpan.FromDays(1) && d <= TimeSpan.FromDays(2));
    }

    private static Exception WithRetryAfter(Exception exception, object value)
    {
        exception.Data[TransientFaults.RetryAfterDataKey] = value;
        return exception;
    }
}
