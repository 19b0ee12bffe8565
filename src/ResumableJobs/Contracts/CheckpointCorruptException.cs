namespace ResumableJobs;

/// <summary>
/// A checkpoint exists but cannot be read (empty, truncated, not the expected format, or a cursor that no longer
/// deserializes). The engine never treats this as "no checkpoint": restarting from zero silently would redo
/// hours of work, or skip nothing the operator expects.
/// </summary>
public sealed class CheckpointCorruptException : ResumableJobException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="jobId">The job whose checkpoint is unreadable.</param>
    /// <param name="store">A description of the store and location, such as the file path.</param>
    /// <param name="reason">What is wrong with it.</param>
    /// <param name="innerException">The underlying parse error, if any.</param>
    public CheckpointCorruptException(string jobId, string store, string reason, Exception? innerException = null)
        : base(jobId, $"The checkpoint of job '{jobId}' in {store} is unreadable: {reason}. It was left untouched; fix it, or delete it (ResumableJob.ResetAsync or ICheckpointStore.DeleteAsync) to start the job over.", innerException)
    {
        Store = store;
        Reason = reason;
    }

    /// <summary>The store and location of the unreadable checkpoint.</summary>
    public string Store { get; }

    /// <summary>What is wrong with the checkpoint.</summary>
    public string Reason { get; }
}
