using ResumableJobs;

namespace SimInventorySync.Checkpoints;

/// <summary>Where the sample keeps its checkpoints. One place, so that changing the store is a one-line change.</summary>
internal static class CheckpointStores
{
    /// <summary>
    /// The checkpoint store of the inventory database at <paramref name="databasePath"/>: its own tables in the same
    /// file, so that the reconciliation rows and the checkpoints that say how far they got cannot part.
    /// </summary>
    public static ICheckpointStore Open(string databasePath) =>
        new SqliteCheckpointStore(databasePath);

    /// <summary>Releases a store that holds resources (a database connection), whichever way it is disposable.</summary>
    public static async ValueTask ReleaseAsync(ICheckpointStore store)
    {
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
}
