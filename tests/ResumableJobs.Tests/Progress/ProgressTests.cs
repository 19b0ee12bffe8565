using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using ResumableJobs.Tests.Fakes;

namespace ResumableJobs.Tests.Progress;

/// <summary>Progress a human can read: after every checkpoint, on every retry and failure, totals across runs, an ETA
/// when the source can estimate its total, and a broken handler never stops the job.</summary>
public sealed class ProgressTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Progress_is_reported_at_start_after_every_checkpoint_and_on_every_retry()
    {
        // The exact order of reports of a serial loop; under prefetch a fetch retry may be reported before the
        // checkpoint of the page before it (Throughput/PrefetchTests covers retries under prefetch).
        var harness = new JobHarness(FakePageSource.Uniform(4, 10)) { Configure = o => o.PrefetchPages = 0 };
        harness.Retry.Randomizer = () => 0.5;
        harness.Source.BeforeFetch = call => call.Cursor == 1 && call.CallForCursor <= 2 ? InjectedFault.Transient($"try {call.CallForCursor}") : null;

        await harness.RunAsync(Ct);

        var reports = harness.Progress.Reports;
        reports.Select(r => (r.State, r.PagesDone, r.ItemsDone, r.PagesThisRun, r.RetryAttempt, r.RetryingOperation)).Should().Equal(
            (JobState.Running, 0L, 0L, 0L, 0, null),
            (JobState.Running, 1L, 10L, 1L, 0, null),
            (JobState.Retrying, 1L, 10L, 1L, 1, "fetch"),
            (JobState.Retrying, 1L, 10L, 1L, 2, "fetch"),
            (JobState.Running, 2L, 20L, 2L, 0, null),
            (JobState.Running, 3L, 30L, 3L, 0, null),
            (JobState.Completed, 4L, 40L, 4L, 0, null));
        reports.Where(r => r.State == JobState.Retrying).Select(r => r.RetryDelay).Should().Equal(TimeSpan.FromSeconds(1.5), TimeSpan.FromSeconds(2.5));
        reports.Where(r => r.State == JobState.Retrying).Select(r => r.LastError).Should().Equal("fetch: injected transient fault try 1", "fetch: injected transient fault try 2");
        reports.Should().OnlyContain(r => r.JobId == harness.JobId);
        reports.Where(r => r.State != JobState.Retrying).Skip(1).Select(r => r.Cursor)
            .Should().Equal(harness.Store.SavedCheckpoints.Select(c => c.Cursor), "each checkpoint report shows the saved cursor");
        reports[^1].Elapsed.Should().Be(TimeSpan.FromSeconds(4), "elapsed time is the two backoffs on the fake clock");
        reports[^1].Timestamp.Should().Be(harness.Clock.GetUtcNow());
    }

    [Fact]
    public async Task A_failure_is_reported_once_with_its_error_and_the_totals_at_the_last_checkpoint()
    {
        var harness = new JobHarness(FakePageSource.Uniform(4, 10));
        harness.Source.BeforeFetch = call => call.Cursor == 2 ? new InvalidOperationException("the carrier API rejected the token") : null;

        await harness.RunAsync(Ct);

        harness.Progress.Reports.Should().ContainSingle(r => r.State == JobState.Failed);
        harness.Progress.Reports[^1].Should().BeEquivalentTo(new
        {
            State = JobState.Failed,
            PagesDone = 2L,
            ItemsDone = 20L,
            Cursor = "2",
            LastError = "the carrier API rejected the token",
        });
    }

    [Fact]
    public async Task Totals_continue_across_a_resume_instead_of_restarting()
    {
        var harness = new JobHarness(FakePageSource.Uniform(4, 10));
        harness.Source.BeforeFetch = call => call.Cursor == 2 && call.CallForCursor == 1 ? InjectedFault.Fatal("crash") : null;
        await harness.RunAsync(Ct);
        var firstRunReports = harness.Progress.Reports.Count;

        await harness.RunAsync(Ct);

        var resumed = harness.Progress.Reports.Skip(firstRunReports).ToList();
        resumed[0].Should().BeEquivalentTo(new { State = JobState.Running, PagesDone = 2L, ItemsDone = 20L, PagesThisRun = 0L, ItemsThisRun = 0L, Cursor = "2" });
        resumed.Select(r => r.PagesDone).Should().Equal(2L, 3L, 4L);
        resumed[^1].Should().BeEquivalentTo(new { State = JobState.Completed, PagesDone = 4L, ItemsDone = 40L, PagesThisRun = 2L, ItemsThisRun = 20L });
    }

    [Fact]
    public async Task A_source_that_estimates_its_total_gets_an_ETA_from_the_smoothed_rate()
    {
        // The fake clock moves inside each fetch; serial fetches make every page take exactly one second.
        var harness = new JobHarness(FakePageSource.Uniform(5, 10)) { Configure = o => o.PrefetchPages = 0 };
        var source = new EstimatingPageSource(harness.Source, () => 50);
        harness.MakeEachFetchTake(TimeSpan.FromSeconds(1));

        await harness.Clock.DriveAsync(harness.CreateJob(source).RunAsync(harness.Progress, Ct));

        var reports = harness.Progress.Reports;
        reports.Should().OnlyContain(r => r.TotalItems == 50);
        reports[0].EstimatedTimeRemaining.Should().BeNull("no rate is known before the first page");
        reports.Skip(1).Select(r => r.ItemsPerSecond).Should().OnlyContain(rate => rate == 10, "10 items per second of fake time");
        reports.Skip(1).Select(r => r.EstimatedTimeRemaining).Should().Equal(
            TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(1), TimeSpan.Zero);
        reports.Skip(1).Select(r => r.FractionDone).Should().Equal(0.2, 0.4, 0.6, 0.8, 1.0);
    }

    [Fact]
    public async Task A_source_that_cannot_estimate_its_total_gets_no_ETA()
    {
        var harness = new JobHarness(FakePageSource.Uniform(3, 10));
        harness.MakeEachFetchTake(TimeSpan.FromSeconds(1));

        await harness.RunAsync(Ct);

        var running = harness.Progress.Reports.Where(r => r.State == JobState.Running).ToList();
        running.Should().HaveCount(3);
        running.Should().OnlyContain(r => r.TotalItems == null && r.EstimatedTimeRemaining == null && r.FractionDone == null);
        running.Skip(1).Should().OnlyContain(r => r.ItemsPerSecond > 0, "the rate is known even without a total");
    }

    [Fact]
    public async Task An_estimate_that_fails_is_logged_and_the_job_goes_on_without_an_ETA()
    {
        var collector = new FakeLogCollector();
        using var loggerFactory = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(new FakeLoggerProvider(collector)));
        var harness = new JobHarness(FakePageSource.Uniform(2, 10)) { Configure = o => o.LoggerFactory = loggerFactory };
        var source = new EstimatingPageSource(harness.Source, () => throw new TimeoutException("count(*) timed out"));

        var result = await harness.Clock.DriveAsync(harness.CreateJob(source).RunAsync(harness.Progress, Ct));

        result.Outcome.Should().Be(JobOutcome.Completed);
        harness.Progress.Reports.Should().OnlyContain(r => r.TotalItems == null);
        collector.GetSnapshot().Should().ContainSingle(r => r.Id.Id == JobLogEvents.TotalEstimateFailed)
            .Which.Exception.Should().BeOfType<TimeoutException>();
    }

    [Fact]
    public async Task A_progress_handler_that_throws_is_logged_and_does_not_stop_the_job()
    {
        var collector = new FakeLogCollector();
        using var loggerFactory = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(new FakeLoggerProvider(collector)));
        var harness = new JobHarness(FakePageSource.Uniform(3, 10)) { Configure = o => o.LoggerFactory = loggerFactory };
        var broken = new InvalidOperationException("the progress bar was disposed");
        harness.Progress.OnReport = _ => throw broken;

        var result = await harness.RunAsync(Ct);

        result.Outcome.Should().Be(JobOutcome.Completed);
        harness.Sink.Rows.Should().HaveCount(30);
        var failures = collector.GetSnapshot().Where(r => r.Id.Id == JobLogEvents.ProgressHandlerFailed).ToList();
        failures.Should().HaveCount(harness.Progress.Reports.Count).And.HaveCount(4, "one start report and three checkpoints");
        failures.Should().OnlyContain(r => r.Level == LogLevel.Warning && r.Exception == broken && r.Message.Contains(harness.JobId));
    }

    [Fact]
    public async Task The_engine_logs_with_stable_event_ids()
    {
        var collector = new FakeLogCollector();
        using var loggerFactory = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(new FakeLoggerProvider(collector)));
        var harness = new JobHarness(FakePageSource.Uniform(3, 10)) { Configure = o => o.LoggerFactory = loggerFactory };
        harness.Source.BeforeFetch = call => (call.Cursor, call.CallForCursor) switch
        {
            (1, 1) => InjectedFault.Transient("blip"),
            (2, 1) => InjectedFault.Fatal("crash"),
            _ => null,
        };

        await harness.RunAsync(Ct);
        await harness.RunAsync(Ct);
        await harness.RunAsync(Ct);
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        var other = new JobHarness(FakePageSource.Uniform(1, 1)) { Configure = o => o.LoggerFactory = loggerFactory };
        await other.CreateJob().RunAsync(other.Progress, cancelled.Token);

        var events = collector.GetSnapshot().Select(r => (r.Id.Id, r.Id.Name, r.Level)).ToList();
        events.Should().Contain((JobLogEvents.RunStarted, "RunStarted", LogLevel.Information));
        events.Should().Contain((JobLogEvents.Retrying, "Retrying", LogLevel.Warning));
        events.Should().Contain((JobLogEvents.PageCheckpointed, "PageCheckpointed", LogLevel.Debug));
        events.Should().Contain((JobLogEvents.RunFailed, "RunFailed", LogLevel.Error));
        events.Should().Contain((JobLogEvents.RunResumed, "RunResumed", LogLevel.Information));
        events.Should().Contain((JobLogEvents.RunCompleted, "RunCompleted", LogLevel.Information));
        events.Should().Contain((JobLogEvents.AlreadyCompleted, "AlreadyCompleted", LogLevel.Information));
        events.Should().Contain((JobLogEvents.RunCancelled, "RunCancelled", LogLevel.Information));
        collector.GetSnapshot().Single(r => r.Id.Id == JobLogEvents.RunFailed).Message.Should().Contain(harness.JobId).And.Contain("cursor 2");
    }
}
