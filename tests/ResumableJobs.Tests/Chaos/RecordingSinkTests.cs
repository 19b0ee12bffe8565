using ResumableJobs.Testing;

namespace ResumableJobs.Tests.Chaos;

public sealed class RecordingSinkTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private static PageContext Page(long number) => new("job", number, $"cursor-{number}");

    private static ChaosItem Item(string id, long revision) => new(id, revision, $"{id}@{revision}");

    [Fact]
    public async Task Applies_upsert_by_key_so_the_latest_value_wins_and_every_apply_is_recorded()
    {
        var sink = new RecordingSink<ChaosItem>(i => i.Id);

        await sink.ApplyAsync([Item("a", 0), Item("b", 1)], Page(1), Token);
        await sink.ApplyAsync([Item("a", 2), Item("c", 3)], Page(2), Token);
        await sink.ApplyAsync([Item("a", 2), Item("c", 3)], Page(2), Token);

        sink.State.Should().BeEquivalentTo(new Dictionary<string, ChaosItem> { ["a"] = Item("a", 2), ["b"] = Item("b", 1), ["c"] = Item("c", 3) });
        sink.Applies.Should().HaveCount(3).And.OnlyContain(a => a.Completed);
        sink.Applies[1].Keys.Should().Equal("a", "c");
        sink.Applies[1].Context.Should().Be(Page(2));
        sink.ApplyCount(1).Should().Be(1);
        sink.ApplyCount(2).Should().Be(2);
        sink.PagesAppliedMoreThanOnce().Should().Equal(2L);
        sink.WriteCount.Should().Be(6);
    }

    [Fact]
    public async Task A_failure_on_an_item_writes_the_items_before_it_and_heals_after_the_chosen_number_of_times()
    {
        var sink = new RecordingSink<ChaosItem>(i => i.Id);
        sink.FailOnItem(i => i.Id == "c", times: 2);
        ChaosItem[] page = [Item("a", 0), Item("b", 1), Item("c", 2), Item("d", 3)];

        await FluentActions.Awaiting(async () => await sink.ApplyAsync(page, Page(1), Token)).Should().ThrowAsync<ChaosFatalFaultException>().WithMessage("*item 'c'*");
        sink.State.Keys.Should().BeEquivalentTo("a", "b");
        await FluentActions.Awaiting(async () => await sink.ApplyAsync(page, Page(1), Token)).Should().ThrowAsync<ChaosFatalFaultException>();
        await sink.ApplyAsync(page, Page(1), Token);

        sink.State.Keys.Should().BeEquivalentTo("a", "b", "c", "d");
        sink.Applies.Select(a => (a.ItemsWritten, a.Completed)).Should().Equal((2, false), (2, false), (4, true));
        sink.Applies[0].Error.Should().BeOfType<ChaosFatalFaultException>();
        sink.ApplyCount(1).Should().Be(3, "a partial apply still wrote items");
    }

    [Fact]
    public async Task A_failure_on_the_first_item_writes_nothing_and_does_not_count_as_an_apply()
    {
        var sink = new RecordingSink<ChaosItem>(i => i.Id);
        sink.FailOnItem(i => i.Id == "a", error: i => new TransientFaultException($"busy at {i.Id}"));

        await FluentActions.Awaiting(async () => await sink.ApplyAsync([Item("a", 0)], Page(1), Token)).Should().ThrowAsync<TransientFaultException>().WithMessage("busy at a");

        sink.State.Should().BeEmpty();
        sink.ApplyCount(1).Should().Be(0);
        sink.Applies.Should().ContainSingle().Which.ItemsWritten.Should().Be(0);
    }

    [Fact]
    public async Task Cleared_failures_do_not_fire_and_a_cancelled_token_writes_nothing()
    {
        var sink = new RecordingSink<ChaosItem>(i => i.Id);
        sink.FailOnItem(_ => true);
        sink.ClearFailures();
        await sink.ApplyAsync([Item("a", 0)], Page(1), Token);

        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        await FluentActions.Awaiting(async () => await sink.ApplyAsync([Item("b", 1)], Page(2), cancelled.Token)).Should().ThrowAsync<OperationCanceledException>();

        sink.State.Keys.Should().Equal("a");
    }
}
