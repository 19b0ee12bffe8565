namespace ResumableJobs;

/// <summary>Argument checks every store applies to a checkpoint before saving it.</summary>
public static class CheckpointValidation
{
    /// <summary>Throws when <paramref name="checkpoint"/> cannot be saved: a null, an invalid job id, a null cursor,
    /// a version below 1, or negative totals.</summary>
    /// <param name="checkpoint">The checkpoint to save.</param>
    /// <exception cref="ArgumentException">The checkpoint is invalid; the message says how.</exception>
    public static void ValidateForSave(Checkpoint checkpoint)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        JobIds.Validate(checkpoint.JobId, nameof(checkpoint));
        if (checkpoint.Cursor is null)
        {
            throw new ArgumentException($"The checkpoint of job '{checkpoint.JobId}' has no cursor.", nameof(checkpoint));
        }

        if (checkpoint.Version < 1)
        {
            throw new ArgumentException($"The checkpoint of job '{checkpoint.JobId}' has version {checkpoint.Version}; versions start at 1.", nameof(checkpoint));
        }

        if (checkpoint.PagesDone < 0 || checkpoint.ItemsDone < 0)
        {
            throw new ArgumentException($"The checkpoint of job '{checkpoint.JobId}' has negative totals ({checkpoint.PagesDone} pages, {checkpoint.ItemsDone} items).", nameof(checkpoint));
        }
    }
}
