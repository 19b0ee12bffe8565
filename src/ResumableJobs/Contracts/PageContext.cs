namespace ResumableJobs;

/// <summary>Identifies the page a sink is applying.</summary>
/// <param name="JobId">The job the page belongs to.</param>
/// <param name="PageNumber">The page's 1-based number across all runs of the job.</param>
/// <param name="Cursor">The serialized cursor the page was fetched with.</param>
public readonly record struct PageContext(string JobId, long PageNumber, string Cursor);
