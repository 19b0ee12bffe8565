using Microsoft.Extensions.Time.Testing;
using ResumableJobs.Testing;
using ResumableJobs.Tests.Chaos;

namespace ResumableJobs.Sqlite.Tests;

/// <summary>The engine over the chaos helpers with the SQLite store: seeded faults in fetch, apply and save, restarts until done.</summary>
public sealed class SqliteEngineChaosTests : IDisposable
{
    private readonly TempFolder _folder = new("engine-chaos");

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public void Dispose() => _folder.Dispose();

    private static ResumableJobOptions Options(FakeTimeProvider time) => new()
    {
        TimeProvider = time,
        Retry = { MaxRetryAttempts = 3, BaseDelay = TimeSpan.FromMilliseconds(200), MaxDelay = TimeSpan.FromSeconds(5) },
    };

    [Theory]
    [InlineData(101)]
    [InlineData(202)]
    [InlineData(303)]
    [InlineData(404)]
    [InlineData(505)]
    public async Task Seeded_faults_everywhere_end_with_every_item_once_and_checkpoints_that_only_move_forward(int seed)
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var source = new ChaosPageSource(new ChaosPageSourceOptions
        {
            Seed = seed,
            ItemCount = 300,
            PageSize = 10,
            UpdateFraction = 0.3,
            TransientFaultRate = 0.15,
            FatalFaultRate = 0.05,
            ThrottleRate = 0.05,
            SlowPageRate = 0.05,
            TimeProvider = time,
        });
        var sink = new RecordingSink<ChaosItem>(i => i.Id);
        var failAt = new Random(seed).Next(300);
        sink.FailOnItem(i => i.Revision == failAt, times: 2);
        sink.FailOnItem(i => i.Revision == (failAt + 97) % 300, times: 2, error: i => new TransientFaultException($"sink busy at {i.Id}"));
        var path = _folder.File($"chaos-{seed}.db");
        await using var sqlite = new SqliteCheckpointStore(path);
        var store = new FaultyCheckpointStore(sqlite);
        store.FailSavesAtRandom(seed, beforeSaveRate: 0.05, afterSaveRate: 0.05);
        var job = ResumableJob.Create("chaos", source, sink, store, ChaosPageSource.StartCursor, Options(time));

        var failedRuns = 0;
        JobRunResult result;
        while ((result = await ChaosRuns.RunOnFakeClockAsync(job, time, Token)).Outcome != JobOutcome.Completed)
        {
            result.Outcome.Should().Be(JobOutcome.Failed, $"seed {seed}");
            failedRuns++;
            failedRuns.Should().BeLessThan(50, $"seed {seed} should finish; last error: {result.Error}");
        }

        var because = $"seed {seed}, {failedRuns} failed runs";
        sink.State.Should().BeEquivalentTo(source.ExpectedFinalState, because);
        sink.PagesAppliedMoreThanOnce().Count.Should().BeLessThanOrEqualTo(failedRuns + 2, because + " (plus the two pages whose transient sink fault was retried)");
        store.StoredCheckpoints.Select(c => c.Version).Should().Equal(Enumerable.Range(1, 30).Select(v => (long)v), because);
        store.StoredCheckpoints.Select(c => c.PagesDone).Should().BeInAscendingOrder(because);
        (source.InjectedCount(ChaosFault.Transient) + store.FaultsInjected).Should().BePositive(because);

        await using var reopened = new SqliteCheckpointStore(path);
        var final = await reopened.LoadAsync("chaos", Token);
        final.Should().NotBeNull();
        final!.Completed.Should().BeTrue(because);
        final.Version.Should().Be(30, because);
        final.ItemsDone.Should().Be(300, because);
        final.Cursor.Should().Be("300", because);
    }

    [Fact]
    public async Task Two_runners_of_one_job_through_two_stores_on_one_file_never_both_write_a_version()
    {
        var path = _folder.File("two-runners.db");
        // No updates in the stream: the loser of a race may apply its last page late, which with updates could
        // put back an older value; optimistic concurrency bounds that to one page, it does not fence it.
        var source = new ChaosPageSource(new ChaosPageSourceOptions { Seed = 9, ItemCount = 400, PageSize = 4, UpdateFraction = 0 });
        var sink = new RecordingSink<ChaosItem>(i => i.Id);
        await using var first = new SqliteCheckpointStore(path);
        await using var second = new SqliteCheckpointStore(path);
        var recordFirst = new FaultyCheckpointStore(first);
        var recordSecond = new FaultyCheckpointStore(second);
        var runners = new[]
        {
            ResumableJob.Create("shared", source, sink, recordFirst, ChaosPageSource.StartCursor),
            ResumableJob.Create("shared", source, sink, recordSecond, ChaosPageSource.StartCursor),
        };

        var results = await Task.WhenAll(runners.Select(r => Task.Run(() => r.RunAsync(Token), Token)));

        results.Should().Contain(r => r.Outcome == JobOutcome.Completed);
        foreach (var result in results.Where(r => r.Outcome == JobOutcome.Failed))
        {
            result.Error.Should().BeOfType<CheckpointConflictException>("the only way a runner may fail here is losing the race");
        }

        results.Should().OnlyContain(r => r.Outcome == JobOutcome.Completed || r.Outcome == JobOutcome.AlreadyCompleted || r.Outcome == JobOutcome.Failed);
        var versions = recordFirst.StoredCheckpoints.Concat(recordSecond.StoredCheckpoints).Select(c => c.Version).Order().ToList();
        versions.Should().Equal(Enumerable.Range(1, 100).Select(v => (long)v), "each version was written by exactly one runner");
        sink.State.Should().BeEquivalentTo(source.ExpectedFinalState);
        (await first.LoadAsync("shared", Token))!.Completed.Should().BeTrue();
    }
}
