namespace ResumableJobs;

/// <summary>
/// A checkpoint save was refused because another runner saved a newer version of the same job first. The
/// runner that gets this stops and applies nothing more.
/// </summary>
public sealed class CheckpointConflictException : ResumableJobException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="jobId">The job.</param>
    /// <param name="expectedVersion">The version this runner last read and expected to replace.</param>
    public CheckpointConflictException(string jobId, long expectedVersion)
        : base(jobId, expectedVersion == 0
            ? $"Job '{jobId}': the checkpoint save was refused because a checkpoint appeared that this runner did not write; another runner of the same job saved first. This runner stopped and applied nothing more."
            : $"Job '{jobId}': the checkpoint save was refused because the stored checkpoint is no longer version {expectedVersion}; another runner of the same job saved first. This runner stopped and applied nothing more.")
    {
        ExpectedVersion = expectedVersion;
    }

    /// <summary>The version this runner expected to replace.</summary>
    public long ExpectedVersion { get; }
}
