using Xunit;

namespace ResumableJobs.Testing;

/// <summary>
/// The contract every <see cref="ICheckpointStore"/> must keep, as xunit v3 tests. Derive a test class from this one
/// in your test project, implement <see cref="CreateStoreAsync"/>, and every test here runs against your store:
/// exact round-trip of cursors (non-ASCII text, a 64 Ki-character cursor) and of timestamps (to the 100-ns tick,
/// with their offset); conditional saves and conflicts; the completed flag; list (ordinal order, literal prefix)
/// and delete; cancellation; invalid job ids and checkpoints; concurrent saves of one version (exactly one wins);
/// and concurrent load-then-save rounds on distinct and on shared jobs. Override <see cref="OpenSameStoreAsync"/> for a durable store, to also test that a second
/// instance over the same storage sees, and competes for, the same checkpoints.
/// </summary>
/// <remarks>Each test creates fresh stores; stores that are disposable are disposed after the test, in reverse order.</remarks>
public abstract partial class CheckpointStoreConformanceTests : IAsyncLifetime
{
    private readonly List<ICheckpointStore> _stores = [];

    /// <summary>How many tasks the concurrency tests run at once. Default 4.</summary>
    protected virtual int ConcurrentTasks => 4;

    /// <summary>How many load-then-save rounds each task of the concurrency tests runs. Default 200.</summary>
    protected virtual int RoundsPerTask => 200;

    /// <summary>The test's cancellation token (xunit cancels it when the run is aborted).</summary>
    protected static CancellationToken TestToken => TestContext.Current.CancellationToken;

    /// <summary>Creates an empty store, new for each call (a fresh folder, file or database).</summary>
    /// <param name="cancellationToken">Cancels the creation.</param>
    /// <returns>The store.</returns>
    protected abstract ValueTask<ICheckpointStore> CreateStoreAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Opens a second store instance over the same storage as <paramref name="store"/> (the same folder, file or
    /// database), as another process would. Returns <see langword="null"/> by default: a store that keeps nothing
    /// outside its instance (such as an in-memory store) skips the tests that need this.
    /// </summary>
    /// <param name="store">A store created by <see cref="CreateStoreAsync"/>.</param>
    /// <param name="cancellationToken">Cancels the open.</param>
    /// <returns>The second instance, or <see langword="null"/> when the store cannot have one.</returns>
    protected virtual ValueTask<ICheckpointStore?> OpenSameStoreAsync(ICheckpointStore store, CancellationToken cancellationToken) =>
        ValueTask.FromResult<ICheckpointStore?>(null);

    /// <summary>Releases a store after its test. Default: DisposeAsync or Dispose when it implements them.</summary>
    /// <param name="store">The store.</param>
    /// <returns>A task that completes when the store is released.</returns>
    protected virtual async ValueTask DisposeStoreAsync(ICheckpointStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        switch (store)
        {
            case IAsyncDisposable asyncDisposable:
                await asyncDisposable.DisposeAsync().ConfigureAwait(false);
                break;
            case IDisposable disposable:
                disposable.Dispose();
                break;
        }
    }

    /// <summary>Runs before each test. Override to set up shared state; call the base.</summary>
    /// <returns>A task that completes when set up.</returns>
    public virtual ValueTask InitializeAsync() => ValueTask.CompletedTask;

    /// <summary>Runs after each test: releases every store the test created, newest first. Override to clean up more; call the base.</summary>
    /// <returns>A task that completes when cleaned up.</returns>
    public virtual async ValueTask DisposeAsync()
    {
        for (var i = _stores.Count - 1; i >= 0; i--)
        {
            await DisposeStoreAsync(_stores[i]).ConfigureAwait(false);
        }

        _stores.Clear();
        GC.SuppressFinalize(this);
    }

    /// <summary>Creates a store through <see cref="CreateStoreAsync"/> and remembers it for disposal.</summary>
    /// <returns>The store.</returns>
    protected async Task<ICheckpointStore> NewStoreAsync()
    {
        var store = await CreateStoreAsync(TestToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"{GetType().Name}.CreateStoreAsync returned null.");
        _stores.Add(store);
        return store;
    }

    /// <summary>Opens a second instance through <see cref="OpenSameStoreAsync"/>, skipping the test when the store has none.</summary>
    /// <param name="store">The first instance.</param>
    /// <returns>The second instance.</returns>
    protected async Task<ICheckpointStore> OpenSameStoreOrSkipAsync(ICheckpointStore store)
    {
        var second = await OpenSameStoreAsync(store, TestToken).ConfigureAwait(false);
        Assert.SkipWhen(second is null, $"{store} keeps nothing outside its instance ({GetType().Name} does not override OpenSameStoreAsync).");
        _stores.Add(second!);
        return second!;
    }

    /// <summary>A checkpoint with distinct, recognizable field values.</summary>
    /// <param name="jobId">The job id.</param>
    /// <param name="version">The version.</param>
    /// <param name="cursor">The cursor; default derived from the version.</param>
    /// <param name="completed">The completed flag.</param>
    /// <param name="updatedAt">The timestamp; default a fixed instant with 100-ns digits and an offset.</param>
    /// <returns>The checkpoint.</returns>
    protected static Checkpoint MakeCheckpoint(string jobId, long version, string? cursor = null, bool completed = false, DateTimeOffset? updatedAt = null) =>
        new(
            jobId,
            cursor ?? $"{{\"offset\":{version * 100}}}",
            version,
            PagesDone: version * 3,
            ItemsDone: version * 250 + 7,
            completed,
            updatedAt ?? new DateTimeOffset(2026, 3, 14, 15, 9, 26, TimeSpan.FromHours(2)).AddTicks((version * 1_000_003) % TimeSpan.TicksPerSecond + 1));

    /// <summary>Asserts that two checkpoints are equal in every field, the timestamp's offset and 100-ns ticks included.</summary>
    /// <param name="expected">The expected checkpoint.</param>
    /// <param name="actual">The actual checkpoint.</param>
    protected static void AssertSameCheckpoint(Checkpoint expected, Checkpoint? actual)
    {
        ArgumentNullException.ThrowIfNull(expected);
        Assert.NotNull(actual);
        Assert.Equal(expected.JobId, actual.JobId);
        if (!string.Equals(expected.Cursor, actual.Cursor, StringComparison.Ordinal))
        {
            var at = FirstDifference(expected.Cursor, actual.Cursor);
            Assert.Fail($"The cursor of job '{expected.JobId}' did not round-trip: lengths {expected.Cursor.Length} and {actual.Cursor.Length}, first difference at index {at} " +
                $"(expected U+{CodeUnitAt(expected.Cursor, at)}, got U+{CodeUnitAt(actual.Cursor, at)}).");
        }

        Assert.Equal(expected.Version, actual.Version);
        Assert.Equal(expected.PagesDone, actual.PagesDone);
        Assert.Equal(expected.ItemsDone, actual.ItemsDone);
        Assert.Equal(expected.Completed, actual.Completed);
        Assert.True(
            expected.UpdatedAt.UtcTicks == actual.UpdatedAt.UtcTicks && expected.UpdatedAt.Offset == actual.UpdatedAt.Offset,
            $"The timestamp of job '{expected.JobId}' did not round-trip exactly: expected {expected.UpdatedAt:O} ({expected.UpdatedAt.UtcTicks} UTC ticks), got {actual.UpdatedAt:O} ({actual.UpdatedAt.UtcTicks} UTC ticks).");
    }

    private static int FirstDifference(string a, string b)
    {
        var length = Math.Min(a.Length, b.Length);
        for (var i = 0; i < length; i++)
        {
            if (a[i] != b[i])
            {
                return i;
            }
        }

        return length;
    }

    private static string CodeUnitAt(string text, int index) => index < text.Length ? ((int)text[index]).ToString("X4", System.Globalization.CultureInfo.InvariantCulture) : "(end)";
}
