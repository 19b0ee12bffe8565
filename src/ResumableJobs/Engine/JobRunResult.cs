namespace ResumableJobs;

/// <summary>What one run of a job did and how it ended.</summary>
public sealed class JobRunResult
{
    internal JobRunResult(
        string jobId,
        JobOutcome outcome,
        long pagesThisRun,
        long itemsThisRun,
        long totalPages,
        long totalItems,
        string? resumedFromCursor,
        string? finalCursor,
        TimeSpan elapsed,
        Exception? error)
    {
        JobId = jobId;
        Outcome = outcome;
        PagesThisRun = pagesThisRun;
        ItemsThisRun = itemsThisRun;
        TotalPages = totalPages;
        TotalItems = totalItems;
        ResumedFromCursor = resumedFromCursor;
        FinalCursor = finalCursor;
        Elapsed = elapsed;
        Error = error;
    }

    /// <summary>The job id.</summary>
    public string JobId { get; }

    /// <summary>How the run ended.</summary>
    public JobOutcome Outcome { get; }

    /// <summary>Pages applied and checkpointed by this run.</summary>
    public long PagesThisRun { get; }

    /// <summary>Items applied and checkpointed by this run.</summary>
    public long ItemsThisRun { get; }

    /// <summary>Pages applied so far across all runs, as the last saved checkpoint says.</summary>
    public long TotalPages { get; }

    /// <summary>Items applied so far across all runs, as the last saved checkpoint says.</summary>
    public long TotalItems { get; }

    /// <summary>The serialized cursor this run resumed from, or <see langword="null"/> when it started fresh.</summary>
    public string? ResumedFromCursor { get; }

    /// <summary>The serialized cursor of the last saved checkpoint, or <see langword="null"/> when none was ever saved.</summary>
    public string? FinalCursor { get; }

    /// <summary>How long the run took.</summary>
    public TimeSpan Elapsed { get; }

    /// <summary>Why the run failed (for <see cref="JobOutcome.Failed"/>), otherwise <see langword="null"/>.</summary>
    public Exception? Error { get; }

    /// <summary>Whether the job is done: <see cref="JobOutcome.Completed"/> or <see cref="JobOutcome.AlreadyCompleted"/>.</summary>
    public bool IsDone => Outcome is JobOutcome.Completed or JobOutcome.AlreadyCompleted;

    /// <summary>Throws the run's error when it failed, or <see cref="OperationCanceledException"/> when it was cancelled.</summary>
    /// <returns>This result, for chaining.</returns>
    public JobRunResult ThrowIfNotDone()
    {
        return Outcome switch
        {
            JobOutcome.Failed => throw new ResumableJobException(JobId, $"Job '{JobId}' failed: {Error?.Message}", Error),
            JobOutcome.Cancelled => throw new OperationCanceledException($"Job '{JobId}' was cancelled after {TotalPages} pages."),
            _ => this,
        };
    }

    /// <inheritdoc />
    public override string ToString() =>
        $"{JobId}: {Outcome}, {PagesThisRun} pages / {ItemsThisRun} items this run, {TotalPages} pages / {TotalItems} items in total" +
        (Error is null ? string.Empty : $", error: {Error.Message}");
}
