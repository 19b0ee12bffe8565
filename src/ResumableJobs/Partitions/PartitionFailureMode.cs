namespace ResumableJobs;

/// <summary>What a partitioned job does when one of its partitions fails (after its retries ran out).</summary>
public enum PartitionFailureMode
{
    /// <summary>
    /// The other partitions go on to the end; the failed one is reported with its id, and its checkpoint stays where
    /// it was, so the next run resumes it (and skips the partitions that completed). The default.
    /// </summary>
    ContinueOthers,

    /// <summary>
    /// The first failure stops every other partition, as a cancellation would: each checkpoints what it applied and
    /// ends <see cref="JobOutcome.Cancelled"/>; partitions that had not started yet do not start (their results say
    /// <see cref="JobOutcome.Cancelled"/> with nothing done and totals of 0, as they read no checkpoint; their
    /// checkpoints are untouched, and <see cref="PartitionedJob{TCursor}.GetCheckpointsAsync"/> shows them).
    /// </summary>
    StopAll,
}
