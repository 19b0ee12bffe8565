using ResumableJobs;

namespace SimInventorySync.Checkpoints;

/// <summary>Where the sample keeps its checkpoints. One place, so that changing the store is a one-line change.</summary>
internal static class CheckpointStores
{
    /// <summary>The checkpoint store that goes with the inventory database at <paramref name="databasePath"/>.</summary>
    public static ICheckpointStore Open(string databasePath) =>
        new FileCheckpointStore(databasePath + ".checkpoints");
}
