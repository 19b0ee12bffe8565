using ResumableJobs.Testing;

namespace ResumableJobs.Tests.Chaos;

public sealed class FaultyCheckpointStoreTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private static Checkpoint Checkpoint(long version) => new("job", $"c{version}", version, version, version * 10, false, DateTimeOffset.UnixEpoch.AddTicks(version));

    [Fact]
    public async Task A_fault_before_the_save_writes_nothing()
    {
        var inner = new InMemoryCheckpointStore();
        var store = new FaultyCheckpointStore(inner);
        store.FailNextSaves(1, SaveFaultTiming.BeforeSave);

        await FluentActions.Awaiting(async () => await store.TrySaveAsync(Checkpoint(1), Token)).Should().ThrowAsync<TransientFaultException>().WithMessage("*before it reached the store*");

        (await inner.LoadAsync("job", Token)).Should().BeNull();
        store.StoredCheckpoints.Should().BeEmpty();
        (await store.TrySaveAsync(Checkpoint(1), Token)).Should().BeTrue();
        store.SaveCalls.Should().Be(2);
        store.FaultsInjected.Should().Be(1);
    }

    [Fact]
    public async Task A_fault_after_the_save_loses_the_acknowledgement_but_not_the_checkpoint()
    {
        var inner = new InMemoryCheckpointStore();
        var store = new FaultyCheckpointStore(inner);
        store.FailSave(2, SaveFaultTiming.AfterSave, c => new TimeoutException($"lost ack of version {c.Version}"));

        (await store.TrySaveAsync(Checkpoint(1), Token)).Should().BeTrue();
        await FluentActions.Awaiting(async () => await store.TrySaveAsync(Checkpoint(2), Token)).Should().ThrowAsync<TimeoutException>().WithMessage("lost ack of version 2");

        (await inner.LoadAsync("job", Token)).Should().Be(Checkpoint(2));
        (await store.LoadAsync("job", Token)).Should().Be(Checkpoint(2));
        store.StoredCheckpoints.Should().Equal(Checkpoint(1), Checkpoint(2));
        (await store.TrySaveAsync(Checkpoint(2), Token)).Should().BeFalse("the retry finds its own version already stored");
    }

    [Fact]
    public async Task Random_faults_follow_the_seed()
    {
        static async Task<List<string>> OutcomesAsync(int seed)
        {
            var store = new FaultyCheckpointStore(new InMemoryCheckpointStore());
            store.FailSavesAtRandom(seed, beforeSaveRate: 0.2, afterSaveRate: 0.2);
            var outcomes = new List<string>();
            for (var round = 0; round < 200; round++)
            {
                var version = ((await store.LoadAsync("job", Token))?.Version ?? 0) + 1;
                try
                {
                    outcomes.Add((await store.TrySaveAsync(Checkpoint(version), Token)) ? "saved" : "refused");
                }
                catch (TransientFaultException ex)
                {
                    outcomes.Add(ex.Message.Contains("before", StringComparison.Ordinal) ? "before" : "after");
                }
            }

            return outcomes;
        }

        var first = await OutcomesAsync(5);

        first.Should().Equal(await OutcomesAsync(5));
        first.Should().NotEqual(await OutcomesAsync(6));
        first.Should().Contain(["saved", "before", "after"]).And.NotContain("refused", "every round saves on top of what it loaded");
    }

    [Fact]
    public async Task Heal_cancels_planned_faults_and_other_operations_pass_through()
    {
        var inner = new InMemoryCheckpointStore();
        var store = new FaultyCheckpointStore(inner);
        store.FailNextSaves(3, SaveFaultTiming.BeforeSave);
        store.FailSave(4, SaveFaultTiming.AfterSave);
        store.FailSavesAtRandom(1, 1, 0);
        store.Heal();

        (await store.TrySaveAsync(Checkpoint(1), Token)).Should().BeTrue();
        (await store.ListAsync(null, Token)).Should().Equal(Checkpoint(1));
        (await store.DeleteAsync("job", Token)).Should().BeTrue();
        (await inner.LoadAsync("job", Token)).Should().BeNull();
        store.FaultsInjected.Should().Be(0);
        store.Inner.Should().BeSameAs(inner);
    }

    [Fact]
    public void Invalid_arguments_are_rejected()
    {
        var store = new FaultyCheckpointStore(new InMemoryCheckpointStore());

        FluentActions.Invoking(() => new FaultyCheckpointStore(null!)).Should().Throw<ArgumentNullException>();
        FluentActions.Invoking(() => store.FailSave(0, SaveFaultTiming.BeforeSave)).Should().Throw<ArgumentOutOfRangeException>();
        FluentActions.Invoking(() => store.FailNextSaves(1, (SaveFaultTiming)9)).Should().Throw<ArgumentOutOfRangeException>();
        FluentActions.Invoking(() => store.FailSavesAtRandom(1, 0.7, 0.7)).Should().Throw<ArgumentOutOfRangeException>();
        FluentActions.Invoking(() => store.FailSavesAtRandom(1, -0.1, 0)).Should().Throw<ArgumentOutOfRangeException>();
    }
}
