namespace ResumableJobs.Tests.Adversarial;

/// <summary>A custom store may hand back numbers the engine cannot continue from; the run must say so, not overflow.</summary>
public sealed class OutOfRangeCheckpointTests
{
    private sealed class HandBackStore(Checkpoint stored) : ICheckpointStore
    {
        public int Saves { get; private set; }

        public ValueTask<Checkpoint?> LoadAsync(string jobId, CancellationToken cancellationToken) => ValueTask.FromResult<Checkpoint?>(stored);

        public ValueTask<bool> TrySaveAsync(Checkpoint checkpoint, CancellationToken cancellationToken)
        {
            Saves++;
            return ValueTask.FromResult(true);
        }

        public ValueTask<bool> DeleteAsync(string jobId, CancellationToken cancellationToken) => ValueTask.FromResult(false);

        public ValueTask<IReadOnlyList<Checkpoint>> ListAsync(string? jobIdPrefix, CancellationToken cancellationToken) =>
            ValueTask.FromResult<IReadOnlyList<Checkpoint>>([stored]);

        public override string ToString() => "the hand-back store";
    }

    private sealed class OnePage : IPageSource<int, int>
    {
        public int Fetches { get; private set; }

        public ValueTask<Page<int, int>> FetchPageAsync(int cursor, CancellationToken cancellationToken)
        {
            Fetches++;
            return ValueTask.FromResult(Page.Last<int, int>([cursor]));
        }
    }

    private sealed class NullSink : IIdempotentSink<int>
    {
        public ValueTask ApplyAsync(IReadOnlyList<int> items, PageContext context, CancellationToken cancellationToken) => ValueTask.CompletedTask;
    }

    [Theory]
    [InlineData(long.MaxValue, 1L, 1L)]
    [InlineData(0L, 1L, 1L)]
    [InlineData(2L, long.MaxValue, 1L)]
    [InlineData(2L, -1L, 1L)]
    [InlineData(2L, 1L, -5L)]
    public async Task Numbers_the_engine_cannot_continue_from_are_a_corrupt_checkpoint(long version, long pages, long items)
    {
        var store = new HandBackStore(new Checkpoint("edge", "3", version, pages, items, false, DateTimeOffset.UnixEpoch));
        var source = new OnePage();
        var job = ResumableJob.Create("edge", source, new NullSink(), store, 0);

        var result = await job.RunAsync(TestContext.Current.CancellationToken);

        result.Outcome.Should().Be(JobOutcome.Failed);
        result.Error.Should().BeOfType<CheckpointCorruptException>()
            .Which.Message.Should().Contain("edge").And.Contain("the hand-back store").And.Contain("out of range");
        source.Fetches.Should().Be(0);
        store.Saves.Should().Be(0);
    }
}
