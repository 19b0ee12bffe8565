using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace ResumableJobs;

/// <summary>
/// fetch → apply → checkpoint, page after page. The rules (DESIGN.md): checkpoint strictly after apply; totals carried
/// across runs; a completed job fetches nothing; the cursor must move; a refused save stops the runner; each
/// operation retried on its own; cancellation prompt, but a save in flight may finish within a grace period.
/// </summary>
internal sealed class JobLoop<TCursor, TItem> : JobLoop<TCursor>
{
    // Shown in logs where a cursor would be, before the job saved its first checkpoint.
    private const string NoCheckpointYet = "(none yet: the next run starts from the start cursor)";

    private readonly string _jobId;
    private readonly IPageSource<TCursor, TItem> _source;
    private readonly IIdempotentSink<TItem> _sink;
    private readonly ICheckpointStore _store;
    private readonly TCursor _startCursor;
    private readonly ResumableJobOptions _options;
    private readonly ICursorSerializer<TCursor> _serializer;
    private readonly OperationExecutor _executor;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly KeyValuePair<string, object?> _jobTag;

    public JobLoop(
        string jobId,
        IPageSource<TCursor, TItem> source,
        IIdempotentSink<TItem> sink,
        ICheckpointStore store,
        TCursor startCursor,
        ResumableJobOptions options,
        ICursorSerializer<TCursor> serializer)
    {
        _jobId = jobId;
        _source = source;
        _sink = sink;
        _store = store;
        _startCursor = startCursor;
        _options = options;
        _serializer = serializer;
        _executor = new OperationExecutor(options);
        _logger = options.LoggerFactory.CreateLogger("ResumableJobs.ResumableJob");
        _time = options.TimeProvider;
        _jobTag = new KeyValuePair<string, object?>(ResumableJobsDiagnostics.JobIdTag, jobId);
    }

    public override string JobId => _jobId;

    public override ICheckpointStore Store => _store;

    public override async Task<JobRunResult> RunAsync(IProgress<SyncProgress>? progress, CancellationToken cancellationToken)
    {
        using var activity = JobTelemetry.ActivitySource.StartActivity("ResumableJobs.Run");
        activity?.SetTag(ResumableJobsDiagnostics.JobIdTag, _jobId);
        var tracker = new ProgressTracker(_jobId, _time, progress, _logger);
        var run = new RunState();

        // A save already in flight when a stop is requested may finish within the grace period.
        using var saveCancellation = new CancellationTokenSource(Timeout.InfiniteTimeSpan, _time);
        var grace = _options.CheckpointSaveGracePeriod;
        using var stopRegistration = cancellationToken.Register(
            static state =>
            {
                var (cts, delay) = ((CancellationTokenSource, TimeSpan))state!;
                TryCancelAfter(cts, delay);
            },
            (saveCancellation, grace));

        try
        {
            var outcome = await LoopAsync(tracker, run, cancellationToken, saveCancellation.Token).ConfigureAwait(false);
            activity?.SetTag("resumablejobs.outcome", outcome.ToString());
            return Result(outcome, tracker, run, null);
        }
        catch (Exception ex) when (OperationExecutor.IsCancellation(ex, cancellationToken) && cancellationToken.IsCancellationRequested)
        {
            JobLog.RunCancelled(_logger, _jobId, run.SavedCursor ?? NoCheckpointYet);
            tracker.Report(JobState.Cancelled);
            activity?.SetTag("resumablejobs.outcome", nameof(JobOutcome.Cancelled));
            return Result(JobOutcome.Cancelled, tracker, run, null);
        }
        catch (Exception ex)
        {
            JobLog.RunFailed(_logger, ex, _jobId, run.SavedCursor ?? NoCheckpointYet);
            JobTelemetry.Failures.Add(1, _jobTag);
            activity?.SetStatus(ActivityStatusCode.Error, ex.Message);
            activity?.SetTag("resumablejobs.outcome", nameof(JobOutcome.Failed));
            tracker.OnFailed(ex);
            return Result(JobOutcome.Failed, tracker, run, ex);
        }
    }

    private static void TryCancelAfter(CancellationTokenSource source, TimeSpan delay)
    {
        try
        {
            source.CancelAfter(delay);
        }
        catch (ObjectDisposedException)
        {
            // The run already ended.
        }
    }

    private JobRunResult Result(JobOutcome outcome, ProgressTracker tracker, RunState run, Exception? error) =>
        new(_jobId, outcome, tracker.PagesThisRun, tracker.ItemsThisRun, tracker.PagesDone, tracker.ItemsDone,
            run.ResumedFromCursor, run.SavedCursor, tracker.Elapsed, error);

    private async Task<JobOutcome> LoopAsync(ProgressTracker tracker, RunState run, CancellationToken cancellationToken, CancellationToken saveToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var checkpoint = await _executor.ExecuteAsync(
            "load", tracker, static (loop, ct) => loop._store.LoadAsync(loop._jobId, ct), this, cancellationToken).ConfigureAwait(false);

        TCursor cursor;
        string cursorText;
        long version;
        if (checkpoint is null)
        {
            cursor = _startCursor;
            cursorText = SerializeCursor(_startCursor);
            version = 0;
            tracker.Start(0, 0, cursorText);
            JobLog.RunStarted(_logger, _jobId, cursorText);
        }
        else
        {
            if (!string.Equals(checkpoint.JobId, _jobId, StringComparison.Ordinal))
            {
                throw CorruptCheckpoint($"the store returned the checkpoint of job '{checkpoint.JobId}'");
            }

            // Whatever a custom store lets through, the engine must be able to add one page to these numbers.
            if (checkpoint.Version is < 1 or long.MaxValue || checkpoint.PagesDone is < 0 or long.MaxValue || checkpoint.ItemsDone < 0 || checkpoint.Cursor is null)
            {
                throw CorruptCheckpoint($"its numbers are out of range (version {checkpoint.Version}, {checkpoint.PagesDone} pages, {checkpoint.ItemsDone} items) or its cursor is missing");
            }

            run.ResumedFromCursor = checkpoint.Cursor;
            run.SavedCursor = checkpoint.Cursor;
            tracker.Start(checkpoint.PagesDone, checkpoint.ItemsDone, checkpoint.Cursor);
            if (checkpoint.Completed)
            {
                JobLog.AlreadyCompleted(_logger, _jobId, checkpoint.PagesDone, checkpoint.ItemsDone);
                tracker.Report(JobState.Completed);
                return JobOutcome.AlreadyCompleted;
            }

            cursor = DeserializeCheckpointCursor(checkpoint.Cursor);
            cursorText = checkpoint.Cursor;
            version = checkpoint.Version;
            JobLog.RunResumed(_logger, _jobId, cursorText, checkpoint.PagesDone, checkpoint.ItemsDone, version);
        }

        await EstimateTotalAsync(tracker, cancellationToken).ConfigureAwait(false);
        tracker.Report(JobState.Running);

        var recentCursors = new CursorHistory(_options.CursorHistorySize);
        recentCursors.Add(cursorText, CursorHistory.Hash(cursorText));
        var emptyPagesInARow = 0;

        // Applied runs ahead of saved when checkpoints are saved less often than every page.
        var applied = new AppliedPages(tracker.PagesDone, tracker.ItemsDone, cursorText, version, _options.CheckpointInterval > TimeSpan.Zero ? _time.GetTimestamp() : 0);
        var prefetcher = _options.PrefetchPages > 0 && _source is not INoReadAhead
            ? new PagePrefetcher<TCursor, TItem>(this, tracker, _options.PrefetchPages, cancellationToken)
            : null;
        try
        {
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                using var pageActivity = JobTelemetry.ActivitySource.StartActivity("ResumableJobs.Page");
                pageActivity?.SetTag(ResumableJobsDiagnostics.JobIdTag, _jobId);
                pageActivity?.SetTag("resumablejobs.page.number", applied.PagesDone + 1);

                var page = (prefetcher is not null && prefetcher.TryTake(out var prefetched)
                    ? await prefetched.ConfigureAwait(false)
                    : await FetchAsync(cursor, tracker, cancellationToken).ConfigureAwait(false))
                    ?? throw new InvalidOperationException($"Job '{_jobId}': a page was taken past the last page.");

                var items = page.Items;
                string nextText;
                var nextHash = 0;
                if (page.HasMore)
                {
                    nextText = SerializeCursor(page.NextCursor!);
                    if (recentCursors.Contains(nextText, out nextHash))
                    {
                        throw new CursorNotAdvancingException(_jobId, cursorText, nextText);
                    }

                    emptyPagesInARow = items.Count == 0 ? emptyPagesInARow + 1 : 0;
                    if (emptyPagesInARow > _options.MaxConsecutiveEmptyPages)
                    {
                        throw new EmptyPageLimitExceededException(_jobId, cursorText, _options.MaxConsecutiveEmptyPages);
                    }

                    // Fetch is read-only, so the next page can be on its way while this one is applied and saved.
                    prefetcher?.FetchAhead(page);
                }
                else
                {
                    // Without a final cursor (Page.Last(items)) the completed checkpoint keeps the cursor the last page
                    // was fetched with; a final cursor given explicitly is stored, whatever its value.
                    nextText = page.HasNextCursor ? SerializeCursor(page.NextCursor!) : cursorText;
                }

                // Nothing is applied once a stop was asked for: the page would be replayed anyway.
                cancellationToken.ThrowIfCancellationRequested();
                if (items.Count > 0)
                {
                    // Durations are measured only while someone listens: reading the clock is a real cost per page.
                    var started = JobTelemetry.ApplyDuration.Enabled ? _time.GetTimestamp() : 0;
                    await _executor.ExecuteAsync(
                        "apply",
                        tracker,
                        static (state, ct) => state.Loop._sink.ApplyAsync(state.Items, state.Context, ct),
                        (Loop: this, Items: items, Context: new PageContext(_jobId, applied.PagesDone + 1, cursorText)),
                        cancellationToken).ConfigureAwait(false);
                    if (started != 0)
                    {
                        JobTelemetry.ApplyDuration.Record(_time.GetElapsedTime(started).TotalSeconds, _jobTag);
                    }
                }

                // The page is applied: from here on a stop waits (within the grace period) for its checkpoint.
                applied.OnApplied(items.Count, nextText, !page.HasMore);
                pageActivity?.SetTag("resumablejobs.page.items", items.Count);
                if (!page.HasMore || cancellationToken.IsCancellationRequested || IsCheckpointDue(applied))
                {
                    await SaveAppliedAsync(applied, tracker, run, saveToken).ConfigureAwait(false);
                }

                if (!page.HasMore)
                {
                    JobLog.RunCompleted(_logger, _jobId, tracker.PagesThisRun, tracker.ItemsThisRun, applied.PagesDone, applied.ItemsDone);
                    return JobOutcome.Completed;
                }

                cursorText = nextText;
                cursor = page.NextCursor!;
                recentCursors.Add(nextText, nextHash);
            }
        }
        catch (Exception ex) when (applied.UnsavedPages > 0 && !applied.SaveFailed && ex is not CheckpointConflictException)
        {
            // A stop or a failure elsewhere still checkpoints the pages that were applied, so that they are not replayed.
            await TryFlushAsync(applied, tracker, run, saveToken).ConfigureAwait(false);
            throw;
        }
        finally
        {
            if (prefetcher is not null)
            {
                await prefetcher.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// Fetches one page through the retry pipeline. Never throws: every error, even a synchronous one, lands in the
    /// returned task, so that a prefetch that fails surfaces only when its page is taken. Never returns null; the type
    /// says "nullable" only so that the prefetcher can queue it beside "no page past the last".
    /// </summary>
    internal ValueTask<Page<TCursor, TItem>?> FetchAsync(TCursor cursor, ProgressTracker tracker, CancellationToken cancellationToken)
    {
        if (JobTelemetry.FetchDuration.Enabled)
        {
            return FetchMeasuredAsync(cursor, tracker, cancellationToken);
        }

        ValueTask<Page<TCursor, TItem>> fetch;
        try
        {
            fetch = _executor.ExecuteAsync(
                "fetch", tracker, static (state, ct) => state.Loop._source.FetchPageAsync(state.Cursor, ct), (Loop: this, Cursor: cursor), cancellationToken);
        }
        catch (Exception ex)
        {
            return ValueTask.FromException<Page<TCursor, TItem>?>(ex);
        }

        if (fetch.IsCompletedSuccessfully)
        {
            return fetch.Result is { } page ? new ValueTask<Page<TCursor, TItem>?>(page) : ValueTask.FromException<Page<TCursor, TItem>?>(NullPage(cursor));
        }

        return AwaitFetchAsync(fetch, cursor);
    }

    private async ValueTask<Page<TCursor, TItem>?> AwaitFetchAsync(ValueTask<Page<TCursor, TItem>> fetch, TCursor cursor) =>
        await fetch.ConfigureAwait(false) ?? throw NullPage(cursor);

    private async ValueTask<Page<TCursor, TItem>?> FetchMeasuredAsync(TCursor cursor, ProgressTracker tracker, CancellationToken cancellationToken)
    {
        var started = _time.GetTimestamp();
        var page = await _executor.ExecuteAsync(
            "fetch", tracker, static (state, ct) => state.Loop._source.FetchPageAsync(state.Cursor, ct), (Loop: this, Cursor: cursor), cancellationToken).ConfigureAwait(false)
            ?? throw NullPage(cursor);
        JobTelemetry.FetchDuration.Record(_time.GetElapsedTime(started).TotalSeconds, _jobTag);
        return page;
    }

    private InvalidPageException NullPage(TCursor cursor) =>
        new(_jobId, _serializer.Serialize(cursor), "the source returned null instead of a page");

    private bool IsCheckpointDue(AppliedPages applied) =>
        (_options.CheckpointEveryPages > 0 && applied.UnsavedPages >= _options.CheckpointEveryPages)
        || (_options.CheckpointInterval > TimeSpan.Zero && _time.GetElapsedTime(applied.LastSaveTimestamp) >= _options.CheckpointInterval);

    /// <summary>Saves the applied pages; completes synchronously when the store does (no async machinery per page).</summary>
    private ValueTask SaveAppliedAsync(AppliedPages applied, ProgressTracker tracker, RunState run, CancellationToken saveToken)
    {
        var next = new Checkpoint(_jobId, applied.CursorText, applied.Version + 1, applied.PagesDone, applied.ItemsDone, applied.Completed, _time.GetUtcNow());
        var started = JobTelemetry.SaveDuration.Enabled ? _time.GetTimestamp() : 0;
        ValueTask<bool> save;
        try
        {
            applied.SaveAttempts = 0;
            save = _executor.ExecuteAsync(
                "save",
                tracker,
                static (state, ct) =>
                {
                    state.Applied.SaveAttempts++;
                    return state.Loop._store.TrySaveAsync(state.Next, ct);
                },
                (Loop: this, Applied: applied, Next: next),
                saveToken);
        }
        catch
        {
            applied.SaveFailed = true;
            throw;
        }

        if (save.IsCompletedSuccessfully)
        {
            // A ValueTask is consumed once: its result is read here and handed on as a plain value.
            var saved = save.Result;
            if (saved)
            {
                OnSaved(next, started, applied, tracker, run);
                return ValueTask.CompletedTask;
            }

            save = new ValueTask<bool>(saved);
        }

        return CompleteSaveAsync(save, next, started, applied, tracker, run, saveToken);
    }

    private async ValueTask CompleteSaveAsync(ValueTask<bool> save, Checkpoint next, long started, AppliedPages applied, ProgressTracker tracker, RunState run, CancellationToken saveToken)
    {
        bool saved;
        try
        {
            saved = await save.ConfigureAwait(false);

            // A save that failed in transit may have landed before a retry found "its own" version already stored.
            if (!saved && applied.SaveAttempts > 1)
            {
                var stored = await _store.LoadAsync(_jobId, saveToken).ConfigureAwait(false);
                saved = stored is not null && stored.Version == next.Version && stored.Cursor == next.Cursor
                    && stored.PagesDone == next.PagesDone && stored.ItemsDone == next.ItemsDone && stored.UpdatedAt == next.UpdatedAt;
            }
        }
        catch
        {
            applied.SaveFailed = true;
            throw;
        }

        if (!saved)
        {
            applied.SaveFailed = true;
            throw new CheckpointConflictException(_jobId, next.Version - 1);
        }

        OnSaved(next, started, applied, tracker, run);
    }

    private void OnSaved(Checkpoint next, long started, AppliedPages applied, ProgressTracker tracker, RunState run)
    {
        if (started != 0)
        {
            JobTelemetry.SaveDuration.Record(_time.GetElapsedTime(started).TotalSeconds, _jobTag);
        }

        var pages = applied.UnsavedPages;
        var items = applied.UnsavedItems;
        applied.OnSaved(next.Version, _options.CheckpointInterval > TimeSpan.Zero ? _time.GetTimestamp() : 0);
        run.SavedCursor = next.Cursor;
        if (JobTelemetry.Pages.Enabled)
        {
            JobTelemetry.Pages.Add(pages, _jobTag);
        }

        if (JobTelemetry.Items.Enabled)
        {
            JobTelemetry.Items.Add(items, _jobTag);
        }

        JobLog.PageCheckpointed(_logger, _jobId, next.PagesDone, (int)Math.Min(items, int.MaxValue), next.Cursor);
        tracker.OnCheckpointed(pages, items, next);
    }

    private async Task TryFlushAsync(AppliedPages applied, ProgressTracker tracker, RunState run, CancellationToken saveToken)
    {
        try
        {
            await SaveAppliedAsync(applied, tracker, run, saveToken).ConfigureAwait(false);
        }
        catch (Exception flushError)
        {
            // The run already ends with the first error; the pages will be replayed, which the sink tolerates.
            JobLog.RunFailed(_logger, flushError, _jobId, run.SavedCursor ?? NoCheckpointYet);
        }
    }

    /// <summary>Serializes a cursor; a serializer that returns null breaks its contract, which is said here rather than
    /// surfacing later as a NullReferenceException or a checkpoint "without a cursor".</summary>
    private string SerializeCursor(TCursor cursor) =>
        _serializer.Serialize(cursor)
        ?? throw new InvalidOperationException($"Job '{_jobId}': the cursor serializer {_serializer.GetType().Name} returned null for the cursor {cursor}; a cursor must serialize to text.");

    /// <summary>The error for an unreadable checkpoint, naming the job and the store.</summary>
    private CheckpointCorruptException CorruptCheckpoint(string reason, Exception? innerException = null) =>
        new(_jobId, _store.ToString() ?? _store.GetType().Name, reason, innerException);

    private TCursor DeserializeCheckpointCursor(string text)
    {
        TCursor cursor;
        try
        {
            cursor = _serializer.Deserialize(text);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            throw CorruptCheckpoint($"its cursor does not deserialize as {typeof(TCursor).Name} ({ex.Message})", ex);
        }

        return cursor ?? throw CorruptCheckpoint($"its cursor deserializes as null with {_serializer.GetType().Name}, which is not a cursor to resume from");
    }

    private async Task EstimateTotalAsync(ProgressTracker tracker, CancellationToken cancellationToken)
    {
        if (_source is not IEstimatesTotalItems estimator)
        {
            return;
        }

        try
        {
            tracker.TotalItems = await estimator.EstimateTotalItemsAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (!OperationExecutor.IsCancellation(ex, cancellationToken))
        {
            JobLog.TotalEstimateFailed(_logger, ex, _jobId);
        }
    }

    /// <summary>
    /// The pages applied so far (totals across runs) and how many of them the last saved checkpoint does not cover
    /// yet; with a checkpoint every page that is at most one, and only between apply and save.
    /// </summary>
    private sealed class AppliedPages(long pagesDone, long itemsDone, string cursorText, long version, long lastSaveTimestamp)
    {
        public long PagesDone { get; private set; } = pagesDone;

        public long ItemsDone { get; private set; } = itemsDone;

        /// <summary>The serialized cursor after the last applied page.</summary>
        public string CursorText { get; private set; } = cursorText;

        public bool Completed { get; private set; }

        /// <summary>The version of the last saved checkpoint (0 when none).</summary>
        public long Version { get; private set; } = version;

        public long LastSaveTimestamp { get; private set; } = lastSaveTimestamp;

        public long UnsavedPages { get; private set; }

        public long UnsavedItems { get; private set; }

        /// <summary>Whether a save failed, in which case no second save is attempted on the way out.</summary>
        public bool SaveFailed { get; set; }

        /// <summary>Attempts of the save in progress, to recognize a save that landed before its retry was refused.</summary>
        public int SaveAttempts { get; set; }

        public void OnApplied(int itemCount, string nextCursorText, bool completed)
        {
            PagesDone++;
            ItemsDone += itemCount;
            CursorText = nextCursorText;
            Completed = completed;
            UnsavedPages++;
            UnsavedItems += itemCount;
        }

        public void OnSaved(long version, long timestamp)
        {
            Version = version;
            LastSaveTimestamp = timestamp;
            UnsavedPages = 0;
            UnsavedItems = 0;
        }
    }

    /// <summary>What the run result needs to know beyond the tracker's totals.</summary>
    private sealed class RunState
    {
        public string? ResumedFromCursor { get; set; }

        public string? SavedCursor { get; set; }
    }
}
