namespace ResumableJobs;

/// <summary>How one partition's run ended.</summary>
/// <param name="PartitionId">The partition id.</param>
/// <param name="Result">The partition's run result; its <see cref="JobRunResult.JobId"/> is <c>&lt;jobId&gt;.&lt;partitionId&gt;</c>.</param>
public sealed record PartitionResult(string PartitionId, JobRunResult Result);
