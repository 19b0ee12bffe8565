namespace ResumableJobs;

/// <summary>The stable event ids of the engine's log messages, for filtering and alerting.</summary>
public static class JobLogEvents
{
    /// <summary>A run started from the start cursor.</summary>
    public const int RunStarted = 1001;

    /// <summary>A run resumed from a checkpoint.</summary>
    public const int RunResumed = 1002;

    /// <summary>A page was applied and checkpointed (debug level).</summary>
    public const int PageCheckpointed = 1003;

    /// <summary>An operation failed transiently and will be retried.</summary>
    public const int Retrying = 1004;

    /// <summary>A run completed the job.</summary>
    public const int RunCompleted = 1005;

    /// <summary>A run found the job already completed and fetched nothing.</summary>
    public const int AlreadyCompleted = 1006;

    /// <summary>A run was cancelled.</summary>
    public const int RunCancelled = 1007;

    /// <summary>A run failed.</summary>
    public const int RunFailed = 1008;

    /// <summary>A progress handler threw; the job went on.</summary>
    public const int ProgressHandlerFailed = 1009;

    /// <summary>The source's total could not be estimated; progress goes on without an ETA.</summary>
    public const int TotalEstimateFailed = 1010;
}
