namespace ResumableJobs;

/// <summary>A page source broke its contract (returned no page, or a page without items). Not retried.</summary>
public sealed class InvalidPageException : ResumableJobException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="jobId">The job.</param>
    /// <param name="cursor">The serialized cursor the page was fetched with.</param>
    /// <param name="reason">What is wrong with the page.</param>
    public InvalidPageException(string jobId, string cursor, string reason)
        : base(jobId, $"Job '{jobId}': the page fetched at cursor {cursor} is invalid: {reason}.")
    {
        Cursor = cursor;
    }

    /// <summary>The serialized cursor the page was fetched with.</summary>
    public string Cursor { get; }
}
