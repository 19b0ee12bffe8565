using ResumableJobs.Tests.Fakes;

namespace ResumableJobs.Tests.Engine;

/// <summary>Rule 4: saves are conditional on the version last read; a runner whose save is refused stops and says why.</summary>
public sealed class TwoRunnerTests : IDisposable
{
    private readonly TempDirectory _folder = new();

    public enum StoreKind
    {
        InMemory,
        File,
    }

    public void Dispose() => _folder.Dispose();

    [Theory]
    [InlineData(StoreKind.InMemory)]
    [InlineData(StoreKind.File)]
    public async Task The_runner_that_saves_second_is_refused_stops_and_applies_nothing_more(StoreKind kind)
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var jobId = $"two-runners-{kind}".ToLowerInvariant();
        ICheckpointStore CreateStore() => kind == StoreKind.File ? new FileCheckpointStore(_folder.Path) : SharedMemory;

        // Both runners resume from the same checkpoint (2 of 6 pages done).
        var seed = new JobHarness(FakePageSource.Uniform(6, 10)) { JobId = jobId, Store = new FaultInjectingCheckpointStore(CreateStore()) };
        var stop = InjectedFault.Fatal("after page 2");
        seed.Source.BeforeFetch = call => call.Cursor == 2 ? stop : null;
        (await seed.RunAsync(cancellationToken)).Error.Should().BeSameAs(stop);

        var a = new JobHarness(FakePageSource.Uniform(6, 10)) { JobId = jobId, Store = new FaultInjectingCheckpointStore(CreateStore()) };
        var b = new JobHarness(FakePageSource.Uniform(6, 10)) { JobId = jobId, Store = new FaultInjectingCheckpointStore(CreateStore()) };

        // A loads version 2, fetches page 3 and is held in its apply until B has saved a checkpoint of its own.
        var aApplying = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var bSaved = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        a.Sink.BeforeApply = async (_, ct) =>
        {
            aApplying.TrySetResult();
            await bSaved.Task.WaitAsync(ct);
        };
        b.Store.AfterSave = _ =>
        {
            bSaved.TrySetResult();
            return null;
        };

        var runA = a.RunAsync(cancellationToken);
        await aApplying.Task.WaitAsync(SteppingTimeProvider.HangGuard, cancellationToken);
        var resultB = await b.RunAsync(cancellationToken);
        var resultA = await runA.WaitAsync(SteppingTimeProvider.HangGuard, cancellationToken);

        resultB.Outcome.Should().Be(JobOutcome.Completed);
        resultB.Should().BeEquivalentTo(new { PagesThisRun = 4L, ItemsThisRun = 40L, TotalPages = 6L, TotalItems = 60L, ResumedFromCursor = "2" });

        resultA.Outcome.Should().Be(JobOutcome.Failed);
        var conflict = resultA.Error.Should().BeOfType<CheckpointConflictException>().Subject;
        conflict.JobId.Should().Be(jobId);
        conflict.ExpectedVersion.Should().Be(2);
        conflict.Message.Should().Contain(jobId).And.Contain("another runner").And.Contain("applied nothing more");
        resultA.Should().BeEquivalentTo(new { PagesThisRun = 0L, ItemsThisRun = 0L, TotalPages = 2L, TotalItems = 20L, ResumedFromCursor = "2", FinalCursor = "2" });
        a.Sink.Calls.Should().Be(1, "after the refused save runner A applies nothing more");
        a.Source.TotalCalls.Should().Be(2, "runner A fetched page 3, prefetched page 4 (read-only) while applying it, and fetched nothing after its save was refused");
        a.Store.SavedCheckpoints.Should().BeEmpty();
        a.Store.RefusedCheckpoints.Should().ContainSingle().Which.Version.Should().Be(3);
        a.Store.SaveAttempts.Should().Be(1, "a refused save is not retried");
        a.Progress.Reports[^1].State.Should().Be(JobState.Failed);
        a.Progress.Reports[^1].LastError.Should().Contain("another runner");

        var final = await CreateStore().LoadAsync(jobId, cancellationToken);
        final.Should().Be(b.Store.SavedCheckpoints[^1], "runner B's checkpoints stand");
        final!.Version.Should().Be(6);
        final.Completed.Should().BeTrue();
    }

    private InMemoryCheckpointStore SharedMemory { get; } = new();
}
