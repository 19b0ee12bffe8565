using Microsoft.Extensions.Logging;

namespace ResumableJobs;

/// <summary>The engine's source-generated log messages.</summary>
internal static partial class JobLog
{
    [LoggerMessage(EventId = JobLogEvents.RunStarted, EventName = nameof(JobLogEvents.RunStarted), Level = LogLevel.Information,
        Message = "Job {JobId} started from its start cursor {Cursor}")]
    public static partial void RunStarted(ILogger logger, string jobId, string cursor);

    [LoggerMessage(EventId = JobLogEvents.RunResumed, EventName = nameof(JobLogEvents.RunResumed), Level = LogLevel.Information,
        Message = "Job {JobId} resumed at cursor {Cursor} after {PagesDone} pages and {ItemsDone} items (checkpoint version {Version})")]
    public static partial void RunResumed(ILogger logger, string jobId, string cursor, long pagesDone, long itemsDone, long version);

    [LoggerMessage(EventId = JobLogEvents.PageCheckpointed, EventName = nameof(JobLogEvents.PageCheckpointed), Level = LogLevel.Debug,
        Message = "Job {JobId} checkpointed page {PageNumber} ({ItemCount} items); next cursor {Cursor}")]
    public static partial void PageCheckpointed(ILogger logger, string jobId, long pageNumber, int itemCount, string cursor);

    [LoggerMessage(EventId = JobLogEvents.Retrying, EventName = nameof(JobLogEvents.Retrying), Level = LogLevel.Warning,
        Message = "Job {JobId}: {Operation} failed transiently; retry {Attempt} in {Delay}")]
    public static partial void Retrying(ILogger logger, Exception exception, string jobId, string operation, int attempt, TimeSpan? delay);

    [LoggerMessage(EventId = JobLogEvents.RunCompleted, EventName = nameof(JobLogEvents.RunCompleted), Level = LogLevel.Information,
        Message = "Job {JobId} completed: {PagesThisRun} pages and {ItemsThisRun} items this run, {PagesDone} pages and {ItemsDone} items in total")]
    public static partial void RunCompleted(ILogger logger, string jobId, long pagesThisRun, long itemsThisRun, long pagesDone, long itemsDone);

    [LoggerMessage(EventId = JobLogEvents.AlreadyCompleted, EventName = nameof(JobLogEvents.AlreadyCompleted), Level = LogLevel.Information,
        Message = "Job {JobId} had already completed ({PagesDone} pages, {ItemsDone} items); nothing fetched")]
    public static partial void AlreadyCompleted(ILogger logger, string jobId, long pagesDone, long itemsDone);

    [LoggerMessage(EventId = JobLogEvents.RunCancelled, EventName = nameof(JobLogEvents.RunCancelled), Level = LogLevel.Information,
        Message = "Job {JobId} cancelled; it resumes at cursor {Cursor} next run")]
    public static partial void RunCancelled(ILogger logger, string jobId, string? cursor);

    [LoggerMessage(EventId = JobLogEvents.RunFailed, EventName = nameof(JobLogEvents.RunFailed), Level = LogLevel.Error,
        Message = "Job {JobId} failed; its checkpoint is intact at cursor {Cursor}")]
    public static partial void RunFailed(ILogger logger, Exception exception, string jobId, string? cursor);

    [LoggerMessage(EventId = JobLogEvents.ProgressHandlerFailed, EventName = nameof(JobLogEvents.ProgressHandlerFailed), Level = LogLevel.Warning,
        Message = "Job {JobId}: a progress handler threw; the job goes on")]
    public static partial void ProgressHandlerFailed(ILogger logger, Exception exception, string jobId);

    [LoggerMessage(EventId = JobLogEvents.TotalEstimateFailed, EventName = nameof(JobLogEvents.TotalEstimateFailed), Level = LogLevel.Warning,
        Message = "Job {JobId}: the source could not estimate its total; progress goes on without an ETA")]
    public static partial void TotalEstimateFailed(ILogger logger, Exception exception, string jobId);
}
