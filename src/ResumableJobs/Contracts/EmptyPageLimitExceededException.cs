namespace ResumableJobs;

/// <summary>The source returned more consecutive empty pages that say "more follow" than the configured limit.</summary>
public sealed class EmptyPageLimitExceededException : ResumableJobException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="jobId">The job.</param>
    /// <param name="cursor">The serialized cursor of the last empty page.</param>
    /// <param name="limit">The configured limit of consecutive empty pages.</param>
    public EmptyPageLimitExceededException(string jobId, string cursor, int limit)
        : base(jobId, $"Job '{jobId}': more than {limit} consecutive empty pages said more pages follow (last at cursor {cursor}); see ResumableJobOptions.MaxConsecutiveEmptyPages.")
    {
        Cursor = cursor;
        Limit = limit;
    }

    /// <summary>The serialized cursor of the last empty page.</summary>
    public string Cursor { get; }

    /// <summary>The configured limit.</summary>
    public int Limit { get; }
}
