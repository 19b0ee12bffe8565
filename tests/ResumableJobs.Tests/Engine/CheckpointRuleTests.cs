using ResumableJobs.Tests.Fakes;

namespace ResumableJobs.Tests.Engine;

/// <summary>Rules 1, 2 and 8: what a checkpoint holds, when it is written, and that totals carry across runs.</summary>
public sealed class CheckpointRuleTests
{
    [Fact]
    public async Task Each_checkpoint_is_saved_only_after_its_page_was_completely_applied()
    {
        var harness = new JobHarness(FakePageSource.WithPageSizes(3, 0, 4, 2));
        var violations = new List<string>();
        harness.Store.BeforeSave = checkpoint =>
        {
            var pageItems = harness.Source.Pages.Single(p => p.Cursor == checkpoint.PagesDone - 1).ItemIds;
            if (pageItems.Count > 0 && harness.Sink.CompletedAppliesOf(checkpoint.PagesDone) != 1)
            {
                violations.Add($"checkpoint of page {checkpoint.PagesDone} saved before its apply completed");
            }

            if (!pageItems.All(id => harness.Sink.Rows.ContainsKey(id)))
            {
                violations.Add($"checkpoint of page {checkpoint.PagesDone} saved before all its items were written");
            }

            return null;
        };

        var result = await harness.RunAsync(TestContext.Current.CancellationToken);

        result.Outcome.Should().Be(JobOutcome.Completed);
        violations.Should().BeEmpty();
        harness.Store.SavedCheckpoints.Should().HaveCount(4);
    }

    [Fact]
    public async Task A_checkpoint_holds_the_job_id_cursor_version_totals_completion_and_the_clock_time()
    {
        // The fake clock moves inside each fetch; without prefetch, each save sees exactly the fetches before it.
        var harness = new JobHarness(FakePageSource.WithPageSizes(3, 4)) { Configure = o => o.PrefetchPages = 0 };
        harness.MakeEachFetchTake(TimeSpan.FromMinutes(1));
        var start = harness.Clock.GetUtcNow();

        var result = await harness.RunAsync(TestContext.Current.CancellationToken);

        harness.Store.SavedCheckpoints.Should().Equal(
            new Checkpoint(harness.JobId, "1", 1, 1, 3, false, start.AddMinutes(1)),
            new Checkpoint(harness.JobId, "1", 2, 2, 7, true, start.AddMinutes(2)));
        result.Elapsed.Should().Be(TimeSpan.FromMinutes(2), "elapsed time comes from the TimeProvider");
        result.FinalCursor.Should().Be("1");
        result.ResumedFromCursor.Should().BeNull();
    }

    [Fact]
    public async Task Totals_carry_across_runs_and_a_completed_job_fetches_nothing()
    {
        var harness = new JobHarness(FakePageSource.Uniform(6, 5));
        var stop = InjectedFault.Fatal("page 4");
        harness.Source.BeforeFetch = call => call.Cursor == 3 && call.CallForCursor == 1 ? stop : null;

        var first = await harness.RunAsync(TestContext.Current.CancellationToken);
        var second = await harness.RunAsync(TestContext.Current.CancellationToken);
        var fetchesBefore = harness.Source.TotalCalls;
        var third = await harness.RunAsync(TestContext.Current.CancellationToken);

        first.Should().BeEquivalentTo(new { Outcome = JobOutcome.Failed, PagesThisRun = 3L, ItemsThisRun = 15L, TotalPages = 3L, TotalItems = 15L, FinalCursor = "3" });
        second.Should().BeEquivalentTo(new { Outcome = JobOutcome.Completed, PagesThisRun = 3L, ItemsThisRun = 15L, TotalPages = 6L, TotalItems = 30L, ResumedFromCursor = "3" });
        third.Should().BeEquivalentTo(new { Outcome = JobOutcome.AlreadyCompleted, PagesThisRun = 0L, ItemsThisRun = 0L, TotalPages = 6L, TotalItems = 30L });
        harness.Source.TotalCalls.Should().Be(fetchesBefore, "a completed job fetches nothing");
        harness.Sink.Calls.Should().Be(6);
        third.Error.Should().BeNull();
        third.IsDone.Should().BeTrue();
        third.ThrowIfNotDone().Should().BeSameAs(third);
        first.Invoking(r => r.ThrowIfNotDone()).Should().Throw<ResumableJobException>().WithInnerException<InjectedFatalException>();
    }

    [Fact]
    public async Task Reset_deletes_the_checkpoint_so_the_next_run_starts_over()
    {
        var harness = new JobHarness(FakePageSource.Uniform(2, 2));
        var job = harness.CreateJob();
        await harness.Clock.DriveAsync(job.RunAsync(TestContext.Current.CancellationToken));

        (await job.GetCheckpointAsync(TestContext.Current.CancellationToken))!.Completed.Should().BeTrue();
        (await job.ResetAsync(TestContext.Current.CancellationToken)).Should().BeTrue();
        (await job.GetCheckpointAsync(TestContext.Current.CancellationToken)).Should().BeNull();
        var rerun = await harness.Clock.DriveAsync(job.RunAsync(TestContext.Current.CancellationToken));

        rerun.Outcome.Should().Be(JobOutcome.Completed);
        rerun.TotalPages.Should().Be(2);
        harness.Source.TotalCalls.Should().Be(4);
    }

    [Fact]
    public async Task One_job_instance_refuses_to_run_twice_at_once()
    {
        var harness = new JobHarness(FakePageSource.Uniform(2, 2));
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        harness.Sink.BeforeApply = async (_, ct) => await release.Task.WaitAsync(ct);
        var job = harness.CreateJob();

        var run = job.RunAsync(TestContext.Current.CancellationToken);
        var second = () => job.RunAsync(TestContext.Current.CancellationToken);

        await second.Should().ThrowAsync<InvalidOperationException>().WithMessage($"*{harness.JobId}*already running*");
        release.SetResult();
        (await run).Outcome.Should().Be(JobOutcome.Completed);
    }
}
