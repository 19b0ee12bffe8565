namespace ResumableJobs;

/// <summary>How hard <see cref="SqliteCheckpointStore"/> works to keep a saved checkpoint across a power loss.</summary>
public enum SqliteDurability
{
    /// <summary>
    /// <c>PRAGMA synchronous = FULL</c> in WAL mode (the default): every save is flushed to disk before it returns,
    /// so a checkpoint that was saved survives a crash of the process, the operating system, or the power.
    /// </summary>
    Full = 0,

    /// <summary>
    /// <c>PRAGMA synchronous = NORMAL</c> in WAL mode: saves are flushed at WAL checkpoints only, so they are much
    /// faster. A crash of the process loses nothing; a power loss or operating-system crash may lose the last few
    /// saves (the job then replays a few more pages, which an idempotent sink absorbs), but never corrupts the
    /// database.
    /// </summary>
    Normal = 1,
}
