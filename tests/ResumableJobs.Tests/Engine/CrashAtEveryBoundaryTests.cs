using ResumableJobs.Tests.Fakes;

namespace ResumableJobs.Tests.Engine;

/// <summary>
/// Rule 1: a crash at any boundary loses at most one page of work, and the replay has exactly-once effect. For each
/// page of a 10-page job and each point (after fetch, after apply, after save) a fatal fault ends the first run; a
/// second run finishes the job.
/// </summary>
public sealed class CrashAtEveryBoundaryTests
{
    public enum CrashPoint
    {
        AfterFetch,
        AfterApply,
        AfterSave,
    }

    private const int PageCount = 10;
    private const int ItemsPerPage = 10;

    public static TheoryData<int, CrashPoint> EveryPageAndPoint()
    {
        var data = new TheoryData<int, CrashPoint>();
        for (var page = 1; page <= PageCount; page++)
        {
            foreach (var point in Enum.GetValues<CrashPoint>())
            {
                data.Add(page, point);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(EveryPageAndPoint))]
    public async Task A_crash_at_any_boundary_is_recovered_by_the_next_run_with_exactly_once_effect(int page, CrashPoint point)
    {
        var harness = new JobHarness(FakePageSource.Uniform(PageCount, ItemsPerPage));
        var crash = InjectedFault.Fatal($"{point} page {page}");
        var fired = 0;
        Exception? FireOnce(bool here) => here && Interlocked.Exchange(ref fired, 1) == 0 ? crash : null;
        switch (point)
        {
            case CrashPoint.AfterFetch:
                harness.Source.AfterFetch = call => FireOnce(call.Cursor == page - 1);
                break;
            case CrashPoint.AfterApply:
                harness.Sink.AfterApply = call => FireOnce(call.Context.PageNumber == page);
                break;
            case CrashPoint.AfterSave:
                harness.Store.AfterSave = checkpoint => FireOnce(checkpoint.PagesDone == page);
                break;
        }

        var first = await harness.RunAsync(TestContext.Current.CancellationToken);

        first.Outcome.Should().Be(JobOutcome.Failed);
        first.Error.Should().BeSameAs(crash, "a fatal fault is not retried and is the run's error");
        harness.Source.CallsFor(page - 1).Should().Be(1, "a fatal fault is not retried");
        var pagesSavedByFirstRun = point == CrashPoint.AfterSave ? page : page - 1;
        var afterFirst = await harness.LoadCheckpointAsync();
        (afterFirst?.PagesDone ?? 0).Should().Be(pagesSavedByFirstRun, "the checkpoint is written after apply, never before");
        first.TotalPages.Should().Be(page - 1, "the result counts only the saves this runner saw succeed");

        harness.Source.Generation = 2;
        var second = await harness.RunAsync(TestContext.Current.CancellationToken);

        second.IsDone.Should().BeTrue(second.ToString());
        second.Outcome.Should().Be(point == CrashPoint.AfterSave && page == PageCount ? JobOutcome.AlreadyCompleted : JobOutcome.Completed);
        second.ResumedFromCursor.Should().Be(afterFirst?.Cursor);
        second.PagesThisRun.Should().Be(PageCount - pagesSavedByFirstRun);

        // Every source item exactly once, with the value of the last fetch that returned it.
        var rows = harness.Sink.Rows;
        rows.Keys.Should().BeEquivalentTo(harness.Source.ItemIds);
        rows.Should().HaveCount(PageCount * ItemsPerPage);
        var latest = harness.Source.LatestFetchedValues();
        rows.Values.Should().AllSatisfy(row => row.Value.Should().Be(latest[row.Id], "item {0} must hold its latest value", row.Id));
        harness.Sink.ContractViolations.Should().BeEmpty();

        // Only the page caught between apply and save is applied twice; every other page once.
        for (var p = 1; p <= PageCount; p++)
        {
            var expected = p == page && point == CrashPoint.AfterApply ? 2 : 1;
            harness.Sink.CompletedAppliesOf(p).Should().Be(expected, "page {0} (crash {1} page {2})", p, point, page);
        }

        if (point == CrashPoint.AfterApply)
        {
            rows.Values.Where(r => r.PageCursor == page - 1).Should().OnlyContain(r => r.Value.EndsWith("@gen-2", StringComparison.Ordinal), "the replayed page was fetched again");
        }

        var saved = harness.Store.SavedCheckpoints;
        saved.Should().HaveCount(PageCount, "every page's checkpoint is saved exactly once");
        CheckpointLog.ShouldMoveOnlyForward(saved);
        var final = await harness.LoadCheckpointAsync();
        final.Should().NotBeNull();
        final!.Completed.Should().BeTrue();
        final.PagesDone.Should().Be(PageCount);
        final.ItemsDone.Should().Be(PageCount * ItemsPerPage);
        second.TotalItems.Should().Be(PageCount * ItemsPerPage);
    }
}
