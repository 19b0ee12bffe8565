namespace ResumableJobs;

/// <summary>A snapshot of a job's progress, reported through <see cref="IProgress{T}"/>.</summary>
public sealed record SyncProgress
{
    /// <summary>The job id.</summary>
    public required string JobId { get; init; }

    /// <summary>What the job is doing.</summary>
    public required JobState State { get; init; }

    /// <summary>Pages applied so far, across all runs.</summary>
    public required long PagesDone { get; init; }

    /// <summary>Items applied so far, across all runs.</summary>
    public required long ItemsDone { get; init; }

    /// <summary>Pages applied by this run.</summary>
    public required long PagesThisRun { get; init; }

    /// <summary>Items applied by this run.</summary>
    public required long ItemsThisRun { get; init; }

    /// <summary>The serialized cursor of the next page (the last checkpoint's cursor).</summary>
    public required string Cursor { get; init; }

    /// <summary>Time since this run started.</summary>
    public required TimeSpan Elapsed { get; init; }

    /// <summary>Items per second over about the last ten seconds (exponentially decayed, weighted by time, not by
    /// page, so that bursts of fast pages between throttling waits do not inflate it); 0 until the first page.</summary>
    public required double ItemsPerSecond { get; init; }

    /// <summary>The total items the source holds, when it can estimate it (<see cref="IEstimatesTotalItems"/>).</summary>
    public long? TotalItems { get; init; }

    /// <summary>The estimated time until completion, when the total and a rate are known.</summary>
    public TimeSpan? EstimatedTimeRemaining { get; init; }

    /// <summary>The retry attempt in progress (1 for the first retry), or 0 when not retrying.</summary>
    public int RetryAttempt { get; init; }

    /// <summary>The operation being retried ("fetch", "apply", "save" or "load"), when retrying.</summary>
    public string? RetryingOperation { get; init; }

    /// <summary>How long the engine waits before the retry, when known.</summary>
    public TimeSpan? RetryDelay { get; init; }

    /// <summary>The last error seen in this run (transient or fatal), or <see langword="null"/>.</summary>
    public string? LastError { get; init; }

    /// <summary>When this snapshot was taken.</summary>
    public required DateTimeOffset Timestamp { get; init; }

    /// <summary>Completion as a fraction from 0 to 1, when the total is known.</summary>
    public double? FractionDone => TotalItems is > 0 and var total ? Math.Min(1.0, (double)ItemsDone / total) : null;
}
