namespace ResumableJobs;

/// <summary>
/// The durable state of a job: where to resume, and totals so far. Written only after the page it describes
/// was applied.
/// </summary>
/// <param name="JobId">The job id.</param>
/// <param name="Cursor">The serialized cursor of the next page to fetch (or the final cursor when completed).</param>
/// <param name="Version">The version of this checkpoint: 1 for the first save, one more for each save after it.</param>
/// <param name="PagesDone">Pages applied so far, across all runs.</param>
/// <param name="ItemsDone">Items applied so far, across all runs.</param>
/// <param name="Completed">Whether the source said no more pages follow; a completed job fetches nothing.</param>
/// <param name="UpdatedAt">When the checkpoint was written.</param>
public sealed record Checkpoint(
    string JobId,
    string Cursor,
    long Version,
    long PagesDone,
    long ItemsDone,
    bool Completed,
    DateTimeOffset UpdatedAt);
