using Microsoft.Extensions.Logging;

namespace ResumableJobs;

/// <summary>
/// The progress of one run: totals, a smoothed rate and an ETA, reported to the user's handler. Thread-safe: with
/// prefetch a fetch retry is reported while the loop checkpoints, and the handler sees one report at a time.
/// </summary>
internal sealed class ProgressTracker
{
    // The rate is averaged over time, not over pages: a throttled API serves bursts of fast pages between long waits,
    // and an average of per-page rates follows the bursts (many times the real rate, an ETA near zero). Items and
    // seconds decay with this time constant, so the rate is that of about the last ten seconds.
    private const double RateHorizonSeconds = 10;

    private readonly string _jobId;
    private readonly TimeProvider _timeProvider;
    private readonly IProgress<SyncProgress>? _progress;
    private readonly ILogger _logger;
    private readonly long _startTimestamp;
    private readonly object _gate = new();
    private long _lastCheckpointTimestamp;
    private double _decayedSeconds;

    public ProgressTracker(string jobId, TimeProvider timeProvider, IProgress<SyncProgress>? progress, ILogger logger)
    {
        _jobId = jobId;
        _timeProvider = timeProvider;
        _progress = progress;
        _logger = logger;
        _startTimestamp = timeProvider.GetTimestamp();
        _lastCheckpointTimestamp = _startTimestamp;
    }

    public long PagesDone { get; private set; }

    public long ItemsDone { get; private set; }

    public long PagesThisRun { get; private set; }

    public long ItemsThisRun { get; private set; }

    public string Cursor { get; private set; } = string.Empty;

    public long? TotalItems { get; set; }

    public double ItemsPerSecond { get; private set; }

    public string? LastError { get; private set; }

    public TimeSpan Elapsed => _timeProvider.GetElapsedTime(_startTimestamp);

    public void Start(long pagesDone, long itemsDone, string cursor)
    {
        PagesDone = pagesDone;
        ItemsDone = itemsDone;
        Cursor = cursor;
    }

    /// <summary>Records a saved checkpoint that covers <paramref name="pageCount"/> pages applied since the one before.</summary>
    public void OnCheckpointed(long pageCount, long itemCount, Checkpoint checkpoint)
    {
        if (_progress is null)
        {
            // Only the loop writes these; without a handler nothing reads them concurrently, so no lock is needed.
            PagesThisRun += pageCount;
            ItemsThisRun += itemCount;
            PagesDone = checkpoint.PagesDone;
            ItemsDone = checkpoint.ItemsDone;
            Cursor = checkpoint.Cursor;
            return;
        }

        lock (_gate)
        {
            // The rate is only ever shown through progress, so the clock is read only when there is a handler.
            var now = _timeProvider.GetTimestamp();
            var seconds = _timeProvider.GetElapsedTime(_lastCheckpointTimestamp, now).TotalSeconds;
            _lastCheckpointTimestamp = now;
            // rate = decayed items / decayed seconds, updated in a form that leaves a steady rate exactly unchanged.
            seconds = Math.Max(0, seconds);
            _decayedSeconds = (_decayedSeconds * Math.Exp(-seconds / RateHorizonSeconds)) + seconds;
            if (_decayedSeconds > 0)
            {
                ItemsPerSecond += (itemCount - (ItemsPerSecond * seconds)) / _decayedSeconds;
            }

            PagesThisRun += pageCount;
            ItemsThisRun += itemCount;
            PagesDone = checkpoint.PagesDone;
            ItemsDone = checkpoint.ItemsDone;
            Cursor = checkpoint.Cursor;
            Report(checkpoint.Completed ? JobState.Completed : JobState.Running);
        }
    }

    public void OnRetry(string operation, int attempt, TimeSpan? delay, Exception? error)
    {
        lock (_gate)
        {
            if (error is not null)
            {
                LastError = $"{operation}: {error.Message}";
                JobLog.Retrying(_logger, error, _jobId, operation, attempt, delay);
            }

            JobTelemetry.Retries.Add(1, new KeyValuePair<string, object?>(ResumableJobsDiagnostics.JobIdTag, _jobId), new KeyValuePair<string, object?>(ResumableJobsDiagnostics.OperationTag, operation));
            Report(JobState.Retrying, attempt, operation, delay);
        }
    }

    public void OnFailed(Exception error)
    {
        lock (_gate)
        {
            LastError = error.Message;
            Report(JobState.Failed);
        }
    }

    public void Report(JobState state, int retryAttempt = 0, string? retryingOperation = null, TimeSpan? retryDelay = null)
    {
        if (_progress is null)
        {
            return;
        }

        lock (_gate)
        {
            ReportLocked(state, retryAttempt, retryingOperation, retryDelay);
        }
    }

    private void ReportLocked(JobState state, int retryAttempt, string? retryingOperation, TimeSpan? retryDelay)
    {
        if (_progress is null)
        {
            return;
        }

        TimeSpan? eta = null;
        if (state == JobState.Completed)
        {
            eta = TimeSpan.Zero;
        }
        else if (TotalItems is { } total && ItemsPerSecond > 0)
        {
            var remaining = Math.Max(0, total - ItemsDone);
            eta = TimeSpan.FromSeconds(Math.Min(remaining / ItemsPerSecond, TimeSpan.MaxValue.TotalSeconds / 2));
        }

        var snapshot = new SyncProgress
        {
            JobId = _jobId,
            State = state,
            PagesDone = PagesDone,
            ItemsDone = ItemsDone,
            PagesThisRun = PagesThisRun,
            ItemsThisRun = ItemsThisRun,
            Cursor = Cursor,
            Elapsed = Elapsed,
            ItemsPerSecond = ItemsPerSecond,
            TotalItems = TotalItems,
            EstimatedTimeRemaining = eta,
            RetryAttempt = retryAttempt,
            RetryingOperation = retryingOperation,
            RetryDelay = retryDelay,
            LastError = LastError,
            Timestamp = _timeProvider.GetUtcNow(),
        };

        try
        {
            _progress.Report(snapshot);
        }
        catch (Exception ex)
        {
            // A broken progress display must never stop a multi-hour job.
            JobLog.ProgressHandlerFailed(_logger, ex, _jobId);
        }
    }
}
