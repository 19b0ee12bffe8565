namespace ResumableJobs;

/// <summary>
/// The source said more pages follow but handed back a cursor the job has just visited (the same cursor, or a
/// short cycle such as c1 → c2 → c1), which would loop forever. Not retried.
/// </summary>
public sealed class CursorNotAdvancingException : ResumableJobException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="jobId">The job.</param>
    /// <param name="fetchedCursor">The serialized cursor the page was fetched with.</param>
    /// <param name="nextCursor">The serialized next cursor the page returned, already visited.</param>
    public CursorNotAdvancingException(string jobId, string fetchedCursor, string nextCursor)
        : base(jobId, fetchedCursor == nextCursor
            ? $"Job '{jobId}': the page fetched at cursor {fetchedCursor} says more pages follow but returned the same cursor; the job would loop forever. A source's last page should say so (Page.Last), and every other page must return the cursor of the page after it."
            : $"Job '{jobId}': the page fetched at cursor {fetchedCursor} returned next cursor {nextCursor}, which the job already visited (a cycle); the job would loop forever.")
    {
        FetchedCursor = fetchedCursor;
        NextCursor = nextCursor;
    }

    /// <summary>The serialized cursor the offending page was fetched with.</summary>
    public string FetchedCursor { get; }

    /// <summary>The serialized, already visited, next cursor.</summary>
    public string NextCursor { get; }
}
