using ResumableJobs.Testing;

namespace ResumableJobs.Sqlite.Tests;

/// <summary>The checkpoint-store conformance suite, run against <see cref="SqliteCheckpointStore"/> with full durability (the default).</summary>
public class SqliteCheckpointStoreConformanceTests : CheckpointStoreConformanceTests
{
    private readonly TempFolder _folder = new("conformance");
    private int _databases;

    protected virtual SqliteDurability Durability => SqliteDurability.Full;

    protected override ValueTask<ICheckpointStore> CreateStoreAsync(CancellationToken cancellationToken) =>
        ValueTask.FromResult<ICheckpointStore>(new SqliteCheckpointStore(new SqliteCheckpointStoreOptions
        {
            Path = _folder.File($"checkpoints-{Interlocked.Increment(ref _databases)}.db"),
            Durability = Durability,
        }));

    protected override ValueTask<ICheckpointStore?> OpenSameStoreAsync(ICheckpointStore store, CancellationToken cancellationToken) =>
        ValueTask.FromResult<ICheckpointStore?>(new SqliteCheckpointStore(new SqliteCheckpointStoreOptions
        {
            Path = ((SqliteCheckpointStore)store).DatabasePath,
            Durability = Durability,
        }));

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        _folder.Dispose();
        GC.SuppressFinalize(this);
    }
}
