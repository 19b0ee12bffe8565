using ResumableJobs.Tests.Fakes;

namespace ResumableJobs.Tests.Stores;

/// <summary>
/// Two <see cref="FileCheckpointStore"/> instances on one folder (as two processes would be) race their saves while a
/// third instance reads: never an unreadable file, never an older checkpoint over a newer one, exactly one winner per race.
/// </summary>
public sealed class FileCheckpointStoreConcurrencyTests : IDisposable
{
    private const int Rounds = 500;
    private const int ReadsPerRace = 4;
    private const string JobId = "raced";
    private readonly TempDirectory _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Five_hundred_rounds_of_racing_saves_keep_the_file_readable_and_monotonic()
    {
        var ct = TestContext.Current.CancellationToken;
        var a = new FileCheckpointStore(_folder.Path);
        var b = new FileCheckpointStore(_folder.Path);
        var reader = new FileCheckpointStore(_folder.Path);
        var versionsRead = new List<long>();

        var version = 0L;
        for (var round = 0; round < Rounds; round++)
        {
            // Race 1: both writers read version N and both try to publish N + 1.
            var sameVersion = await RaceAsync(
                a, Checkpoint(version + 1, $"a-{round}"),
                b, Checkpoint(version + 1, $"b-{round}"),
                reader,
                versionsRead);
            sameVersion.Count(saved => saved).Should().Be(1, "round {0}: exactly one of two writers of the same version wins", round);
            version++;
            var stored = await reader.LoadAsync(JobId, ct);
            stored!.Version.Should().Be(version);
            stored.Cursor.Should().Be(sameVersion[0] ? $"a-{round}" : $"b-{round}", "round {0}: the winner's checkpoint is stored", round);

            // Race 2: a newer checkpoint (N + 1) against a stale writer still publishing N over N - 1.
            var (newer, older) = round % 2 == 0 ? (a, b) : (b, a);
            var newerVsOlder = await RaceAsync(
                newer, Checkpoint(version + 1, $"newer-{round}"),
                older, Checkpoint(version, $"older-{round}"),
                reader,
                versionsRead);
            newerVsOlder.Should().Equal([true, false], "round {0}: only the newer checkpoint can win", round);
            version++;
            stored = await reader.LoadAsync(JobId, ct);
            stored!.Version.Should().Be(version);
            stored.Cursor.Should().Be($"newer-{round}", "round {0}: never an older cursor over a newer one", round);
        }

        versionsRead.Should().HaveCount(Rounds * 2 * ReadsPerRace, "every concurrent read found a readable checkpoint or none");
        versionsRead.Should().BeInAscendingOrder("a reader never sees the version go back");
        Directory.GetFiles(_folder.Path).Select(Path.GetFileName).Should().BeEquivalentTo($"{JobId}.json", $"{JobId}.lock");
    }

    private static Checkpoint Checkpoint(long version, string cursor) =>
        new(JobId, cursor, version, version, version * 10, false, DateTimeOffset.UnixEpoch.AddSeconds(version));

    /// <summary>
    /// Starts both saves and a reader from a barrier, each on a thread of its own, so that they overlap as much as the
    /// machine allows. A read that throws (an unreadable file) fails the test with that error.
    /// </summary>
    private static async Task<bool[]> RaceAsync(
        ICheckpointStore first,
        Checkpoint firstCheckpoint,
        ICheckpointStore second,
        Checkpoint secondCheckpoint,
        ICheckpointStore reader,
        List<long> versionsRead)
    {
        using var barrier = new Barrier(3);
        Task<T> OnOwnThread<T>(Func<Task<T>> work) => Task.Factory.StartNew(
            () =>
            {
                barrier.SignalAndWait();
                return work();
            },
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default).Unwrap();

        var saves = Task.WhenAll(
            OnOwnThread(() => first.TrySaveAsync(firstCheckpoint, CancellationToken.None).AsTask()),
            OnOwnThread(() => second.TrySaveAsync(secondCheckpoint, CancellationToken.None).AsTask()));
        var reads = OnOwnThread(async () =>
        {
            var versions = new List<long>();
            for (var i = 0; i < ReadsPerRace; i++)
            {
                versions.Add((await reader.LoadAsync(JobId, CancellationToken.None))?.Version ?? 0);
            }

            return versions;
        });

        versionsRead.AddRange(await reads);
        return await saves;
    }
}
