namespace ResumableJobs;

/// <summary>How a run of a job ended.</summary>
public enum JobOutcome
{
    /// <summary>The source said no more pages follow, and the final checkpoint was saved.</summary>
    Completed,

    /// <summary>The job had already completed in an earlier run; nothing was fetched.</summary>
    AlreadyCompleted,

    /// <summary>The run was cancelled; the checkpoint holds the last page that was fully applied.</summary>
    Cancelled,

    /// <summary>The run failed; <see cref="JobRunResult.Error"/> says why, and the checkpoint is intact.</summary>
    Failed,
}
