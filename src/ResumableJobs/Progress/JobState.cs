namespace ResumableJobs;

/// <summary>The state of a job as reported in <see cref="SyncProgress"/>.</summary>
public enum JobState
{
    /// <summary>Fetching, applying and checkpointing pages.</summary>
    Running,

    /// <summary>Waiting to retry an operation after a transient fault.</summary>
    Retrying,

    /// <summary>Done: the source has no more pages (also reported when the job had completed before).</summary>
    Completed,

    /// <summary>Stopped by an error; the checkpoint is intact for the next run.</summary>
    Failed,

    /// <summary>Stopped by cancellation; the checkpoint is intact for the next run.</summary>
    Cancelled,
}
