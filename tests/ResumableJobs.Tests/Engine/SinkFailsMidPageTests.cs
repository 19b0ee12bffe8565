using ResumableJobs.Tests.Fakes;

namespace ResumableJobs.Tests.Engine;

/// <summary>Rules 1 and 6: a page whose apply did not finish is never checkpointed, and its replay is harmless.</summary>
public sealed class SinkFailsMidPageTests
{
    [Fact]
    public async Task A_sink_that_fails_on_item_25_leaves_the_checkpoint_after_page_2_and_a_rerun_lands_items_1_to_50_exactly_once()
    {
        var harness = new JobHarness(FakePageSource.Uniform(5, 10));
        var fault = InjectedFault.Fatal("writing item 25");
        harness.Sink.ThrowOn = (item, _) => item.Id == 25 ? fault : null;

        var first = await harness.RunAsync(TestContext.Current.CancellationToken);

        first.Outcome.Should().Be(JobOutcome.Failed);
        first.Error.Should().BeSameAs(fault);
        harness.Sink.Rows.Keys.Should().BeEquivalentTo(Enumerable.Range(1, 24), "items 21-24 of page 3 were written before item 25 threw");
        var checkpoint = await harness.LoadCheckpointAsync();
        checkpoint!.Cursor.Should().Be("2", "the stored cursor is still the one after page 2");
        checkpoint.PagesDone.Should().Be(2);
        checkpoint.ItemsDone.Should().Be(20);
        harness.Store.SavedCheckpoints.Should().HaveCount(2);
        harness.Sink.StartedAppliesOf(3).Should().Be(1, "a fatal sink error is not retried");
        harness.Sink.CompletedAppliesOf(3).Should().Be(0);

        harness.Sink.ThrowOn = null;
        var second = await harness.RunAsync(TestContext.Current.CancellationToken);

        second.Outcome.Should().Be(JobOutcome.Completed);
        second.ResumedFromCursor.Should().Be("2");
        second.PagesThisRun.Should().Be(3);
        second.ItemsThisRun.Should().Be(30);
        second.TotalItems.Should().Be(50);
        harness.Sink.Rows.Keys.Should().BeEquivalentTo(Enumerable.Range(1, 50));
        Enumerable.Range(1, 50).Should().OnlyContain(
            id => harness.Sink.WritesOf(id) == (id >= 21 && id <= 24 ? 2 : 1),
            "only the partly written items of page 3 are written again, and upserts keep one row each");
        Enumerable.Range(1, 5).Should().OnlyContain(page => harness.Sink.CompletedAppliesOf(page) == 1);
        CheckpointLog.ShouldMoveOnlyForward(harness.Store.SavedCheckpoints);
    }

    [Fact]
    public async Task A_transient_sink_fault_mid_page_retries_the_apply_without_fetching_again()
    {
        var harness = new JobHarness(FakePageSource.Uniform(5, 10));
        harness.Sink.ThrowOn = (item, _) => item.Id == 25 && harness.Sink.WritesOf(24) == 1 ? InjectedFault.Transient("item 25") : null;

        var result = await harness.RunAsync(TestContext.Current.CancellationToken);

        result.Outcome.Should().Be(JobOutcome.Completed);
        harness.Source.CallsFor(2).Should().Be(1, "fetch, apply and save are retried separately");
        harness.Sink.StartedAppliesOf(3).Should().Be(2);
        harness.Sink.CompletedAppliesOf(3).Should().Be(1);
        harness.Store.SavedCheckpoints.Should().HaveCount(5);
        harness.Sink.Rows.Should().HaveCount(50);
    }
}
