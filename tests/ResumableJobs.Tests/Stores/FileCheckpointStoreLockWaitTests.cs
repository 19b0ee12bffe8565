using Microsoft.Extensions.Time.Testing;
using ResumableJobs.Tests.Fakes;

namespace ResumableJobs.Tests.Stores;

/// <summary>The wait for another writer's lock runs on the store's TimeProvider (DESIGN rule 8), not on the wall clock.</summary>
public sealed class FileCheckpointStoreLockWaitTests
{
    private static Checkpoint First(string jobId) => new(jobId, "\"c1\"", 1, 1, 10, false, DateTimeOffset.UnixEpoch);

    [Fact]
    public async Task A_lock_held_past_the_timeout_on_the_fake_clock_is_a_transient_busy_error_naming_the_lock_file()
    {
        using var folder = new TempDirectory();
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        var store = new FileCheckpointStore(new FileCheckpointStoreOptions { Directory = folder.Path, LockTimeout = TimeSpan.FromSeconds(5), TimeProvider = time });
        var lockPath = Path.Combine(folder.Path, "held.lock");

        // Another writer (here: another open file description) holds the job's lock and never lets go.
        await using var held = new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        var save = store.TrySaveAsync(First("held"), TestContext.Current.CancellationToken).AsTask();

        // Only the fake clock moves the wait on: it gives up after 5 s of fake time, whatever the wall clock did.
        var advanced = TimeSpan.Zero;
        for (var step = 0; !save.IsCompleted && step < 100_000; step++)
        {
            time.Advance(TimeSpan.FromMilliseconds(10));
            advanced += TimeSpan.FromMilliseconds(10);
            await Task.Yield();
        }

        save.IsCompleted.Should().BeTrue("the wait ends when the fake clock passes LockTimeout, not after 5 s of wall time");
        var error = (await FluentActions.Awaiting(() => save).Should().ThrowAsync<TransientFaultException>()).Which;
        error.Message.Should().Contain("held").And.Contain(lockPath);
        advanced.Should().BeGreaterThanOrEqualTo(TimeSpan.FromSeconds(5), "the store waits the whole LockTimeout on its clock before it gives up");
        File.Exists(Path.Combine(folder.Path, "held.json")).Should().BeFalse("nothing is written without the lock");
    }

    [Fact]
    public async Task A_lock_released_within_the_timeout_lets_the_save_through()
    {
        using var folder = new TempDirectory();
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        var store = new FileCheckpointStore(new FileCheckpointStoreOptions { Directory = folder.Path, LockTimeout = TimeSpan.FromSeconds(5), TimeProvider = time });
        var held = new FileStream(Path.Combine(folder.Path, "released.lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        var save = store.TrySaveAsync(First("released"), TestContext.Current.CancellationToken).AsTask();

        time.Advance(TimeSpan.FromMilliseconds(10));
        await held.DisposeAsync();
        for (var step = 0; !save.IsCompleted && step < 100_000; step++)
        {
            time.Advance(TimeSpan.FromMilliseconds(10));
            await Task.Yield();
        }

        (await save).Should().BeTrue();
        (await store.LoadAsync("released", TestContext.Current.CancellationToken)).Should().Be(First("released"));
    }

    [Fact]
    public void A_missing_time_provider_is_refused_naming_the_option() =>
        FluentActions.Invoking(() => new FileCheckpointStore(new FileCheckpointStoreOptions { Directory = "/tmp/x", TimeProvider = null! }))
            .Should().Throw<ArgumentNullException>().WithMessage("*FileCheckpointStoreOptions.TimeProvider*");
}
