using System.Collections.Concurrent;
using Xunit;

namespace ResumableJobs.Testing;

/// <content>Racing saves of one version, concurrent load-then-save rounds, and a second instance over the same storage.</content>
public abstract partial class CheckpointStoreConformanceTests
{
    private const int SameVersionWriters = 16;

    /// <summary>
    /// <see cref="ConcurrentTasks"/> tasks, each with its own job, run <see cref="RoundsPerTask"/> load-then-save
    /// rounds at once: every save succeeds (no task ever sees another's job), and each job ends at the right
    /// version and cursor.
    /// </summary>
    /// <returns>The test.</returns>
    [Fact]
    public async Task Concurrent_rounds_on_distinct_jobs_never_conflict()
    {
        var store = await NewStoreAsync();
        var rounds = RoundsPerTask;

        await RunConcurrentlyAsync(ConcurrentTasks, async task =>
        {
            var jobId = $"distinct-{task}";
            for (var round = 0; round < rounds; round++)
            {
                var loaded = await store.LoadAsync(jobId, TestToken).ConfigureAwait(false);
                Assert.Equal(round, loaded?.Version ?? 0);
                Assert.True(
                    await store.TrySaveAsync(MakeCheckpoint(jobId, round + 1, $"task {task} round {round}"), TestToken).ConfigureAwait(false),
                    $"task {task}, round {round}: a save on a job no one else writes was refused");
            }
        });

        for (var task = 0; task < ConcurrentTasks; task++)
        {
            AssertSameCheckpoint(MakeCheckpoint($"distinct-{task}", rounds, $"task {task} round {rounds - 1}"), await store.LoadAsync($"distinct-{task}", TestToken));
        }
    }

    /// <summary>
    /// <see cref="ConcurrentTasks"/> tasks run <see cref="RoundsPerTask"/> load-then-save rounds on one shared job:
    /// refused saves (conflicts) are expected and are the only failures; every version from 1 to the final one was
    /// won by exactly one save; the stored checkpoint is the one that won the final version.
    /// </summary>
    /// <returns>The test.</returns>
    [Fact]
    public async Task Concurrent_rounds_on_a_shared_job_conflict_but_never_lose_or_duplicate_a_version()
    {
        var store = await NewStoreAsync();
        await AssertSharedJobRoundsAsync(Enumerable.Repeat(store, ConcurrentTasks).ToArray(), "shared");
    }

    /// <summary>
    /// Sixteen saves of the same next version, each with its own cursor, start at once:
    /// exactly one is accepted, and the stored checkpoint is the winner's.
    /// </summary>
    /// <returns>The test.</returns>
    [Fact]
    public async Task Of_concurrent_saves_of_the_same_version_exactly_one_wins()
    {
        var store = await NewStoreAsync();
        Assert.True(await store.TrySaveAsync(MakeCheckpoint("race", 1), TestToken));
        var saved = new bool[SameVersionWriters];

        await RunConcurrentlyAsync(saved.Length, async writer =>
            saved[writer] = await store.TrySaveAsync(MakeCheckpoint("race", 2, $"writer {writer}"), TestToken).ConfigureAwait(false));

        var winners = Enumerable.Range(0, saved.Length).Where(writer => saved[writer]).ToList();
        Assert.True(winners.Count == 1, $"{winners.Count} of {saved.Length} saves of version 2 were accepted: writers {string.Join(", ", winners)}");
        AssertSameCheckpoint(MakeCheckpoint("race", 2, $"writer {winners[0]}"), await store.LoadAsync("race", TestToken));
    }

    /// <summary>A second instance over the same storage sees every checkpoint the first saved, and the first sees
    /// the second's saves and deletes.</summary>
    /// <returns>The test.</returns>
    [Fact]
    public async Task A_second_instance_over_the_same_storage_sees_the_same_checkpoints()
    {
        var first = await NewStoreAsync();
        var saved = AwkwardCursors.Select((cursor, i) => MakeCheckpoint($"durable-{i:D2}", 1, cursor)).ToList();
        foreach (var checkpoint in saved)
        {
            Assert.True(await first.TrySaveAsync(checkpoint, TestToken));
        }

        var second = await OpenSameStoreOrSkipAsync(first);
        foreach (var checkpoint in saved)
        {
            AssertSameCheckpoint(checkpoint, await second.LoadAsync(checkpoint.JobId, TestToken));
        }

        Assert.False(await second.TrySaveAsync(MakeCheckpoint("durable-00", 1, "a rival first save"), TestToken));
        Assert.True(await second.TrySaveAsync(MakeCheckpoint("durable-00", 2, "saved by the second"), TestToken));
        Assert.True(await second.DeleteAsync("durable-01", TestToken));

        AssertSameCheckpoint(MakeCheckpoint("durable-00", 2, "saved by the second"), await first.LoadAsync("durable-00", TestToken));
        Assert.Null(await first.LoadAsync("durable-01", TestToken));
        Assert.Equal(saved.Count - 1, (await first.ListAsync("durable-", TestToken)).Count);
    }

    /// <summary>The shared-job rounds, with the tasks split across two instances over the same storage, as two
    /// processes running one job would be.</summary>
    /// <returns>The test.</returns>
    [Fact]
    public async Task Concurrent_rounds_from_two_instances_on_a_shared_job_never_lose_or_duplicate_a_version()
    {
        var first = await NewStoreAsync();
        var second = await OpenSameStoreOrSkipAsync(first);
        var stores = Enumerable.Range(0, ConcurrentTasks).Select(i => i % 2 == 0 ? first : second).ToArray();

        await AssertSharedJobRoundsAsync(stores, "two-instances");
    }

    private async Task AssertSharedJobRoundsAsync(ICheckpointStore[] storePerTask, string jobId)
    {
        var rounds = RoundsPerTask;
        var wins = new ConcurrentBag<(long Version, int Task, string Cursor)>();
        var conflicts = 0;

        await RunConcurrentlyAsync(storePerTask.Length, async task =>
        {
            var store = storePerTask[task];
            for (var round = 0; round < rounds; round++)
            {
                var loaded = await store.LoadAsync(jobId, TestToken).ConfigureAwait(false);
                var next = MakeCheckpoint(jobId, (loaded?.Version ?? 0) + 1, $"task {task} round {round}");
                if (await store.TrySaveAsync(next, TestToken).ConfigureAwait(false))
                {
                    wins.Add((next.Version, task, next.Cursor));
                }
                else
                {
                    Interlocked.Increment(ref conflicts);
                }
            }
        });

        var ordered = wins.OrderBy(w => w.Version).ToList();
        Assert.Equal(storePerTask.Length * rounds, ordered.Count + conflicts);
        var duplicated = ordered.GroupBy(w => w.Version).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        Assert.True(duplicated.Count == 0, $"versions won by more than one save: {string.Join(", ", duplicated)}");
        Assert.Equal(Enumerable.Range(1, ordered.Count).Select(v => (long)v), ordered.Select(w => w.Version));

        var final = await storePerTask[0].LoadAsync(jobId, TestToken);
        AssertSameCheckpoint(MakeCheckpoint(jobId, ordered.Count, ordered[^1].Cursor), final);
    }

    private static async Task RunConcurrentlyAsync(int tasks, Func<int, Task> body)
    {
        // Start all tasks together, on the thread pool, so that their rounds really interleave.
        using var start = new ManualResetEventSlim(false);
        var running = Enumerable.Range(0, tasks)
            .Select(task => Task.Run(
                async () =>
                {
                    start.Wait(TestToken);
                    await body(task).ConfigureAwait(false);
                },
                TestToken))
            .ToArray();
        start.Set();
        await Task.WhenAll(running).ConfigureAwait(false);
    }
}
