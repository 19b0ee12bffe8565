using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Polly;

namespace ResumableJobs;

/// <summary>Options of a <see cref="ResumableJob{TCursor}"/>. Validated when the job is created.</summary>
public sealed class ResumableJobOptions
{
    /// <summary>
    /// How many consecutive empty pages that still say "more follow" are allowed before the job fails
    /// (some APIs return empty pages while they skip deleted rows). Default 1,000.
    /// </summary>
    public int MaxConsecutiveEmptyPages { get; set; } = 1_000;

    /// <summary>
    /// How many recent cursors the engine remembers to detect a source that cycles (c1 → c2 → c1).
    /// Default 16; at least 1 (1 detects only a cursor that does not move).
    /// </summary>
    public int CursorHistorySize { get; set; } = 16;

    /// <summary>
    /// How long a checkpoint save that is already in flight may still take after cancellation was requested,
    /// so that a page that was applied is not replayed needlessly. Default 10 s; zero cancels saves at once.
    /// </summary>
    public TimeSpan CheckpointSaveGracePeriod { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How many pages the engine fetches ahead of the page it applies: while page N is applied and checkpointed,
    /// page N+1 is already being fetched, so a job bound by network latency takes max(fetch, apply + save) per page
    /// instead of their sum. Default 1; 0 turns prefetch off; at most 64. Fetches stay sequential (each needs the
    /// cursor the previous page returned), so a source never sees two fetches at once. Checkpoints are still written
    /// in page order, only after their page was applied, and a prefetched page is dropped, never applied, when the
    /// run fails or is cancelled. The source's fetch does run while the sink applies and the store saves, so a
    /// source that shares a non-thread-safe resource with them (one database connection, say), or that must not be
    /// read ahead for another reason, implements <see cref="INoReadAhead"/> (or the job sets this to 0).
    /// </summary>
    public int PrefetchPages { get; set; } = 1;

    /// <summary>
    /// Save a checkpoint once this many pages were applied since the last one. Default 1 (every page). Saving less
    /// often saves store round trips, at a price: a run killed between two checkpoints replays every page applied
    /// since the last one, so at most <c>CheckpointEveryPages</c> pages (the killed page included) are applied
    /// again on the next run. 0 means "no page-count trigger", which requires <see cref="CheckpointInterval"/>.
    /// The last page, a graceful stop (cancellation) and a failure that is not the store's own always checkpoint
    /// what was applied. At most 1,000,000.
    /// </summary>
    public int CheckpointEveryPages { get; set; } = 1;

    /// <summary>
    /// Also save a checkpoint when this much time (on <see cref="TimeProvider"/>) passed since the last one; checked
    /// after each applied page. Default <see cref="TimeSpan.Zero"/>: no time trigger. With both triggers set,
    /// whichever comes first saves. A run killed between two checkpoints replays the pages applied in the last
    /// <c>CheckpointInterval</c> plus the one page that was being applied. At most one day.
    /// </summary>
    public TimeSpan CheckpointInterval { get; set; } = TimeSpan.Zero;

    /// <summary>The retry policy of fetch, apply, save and load. Ignored when <see cref="ResiliencePipeline"/> is set.</summary>
    public RetryOptions Retry { get; set; } = new();

    /// <summary>
    /// A whole Polly pipeline to run fetch, apply, save and load through instead of the built-in retry (for
    /// example with a circuit breaker or a rate limiter). It should let <see cref="OperationCanceledException"/> through.
    /// </summary>
    public ResiliencePipeline? ResiliencePipeline { get; set; }

    /// <summary>The clock for delays, timestamps and rates. Default <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>Where the job logs. Default: nowhere.</summary>
    public ILoggerFactory LoggerFactory { get; set; } = NullLoggerFactory.Instance;

    /// <summary>Throws when the options are invalid; the message names the option.</summary>
    /// <exception cref="ArgumentException">An option is invalid.</exception>
    public void Validate()
    {
        if (MaxConsecutiveEmptyPages < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxConsecutiveEmptyPages), MaxConsecutiveEmptyPages, "ResumableJobOptions.MaxConsecutiveEmptyPages must be 0 or more.");
        }

        if (CursorHistorySize is < 1 or > 10_000)
        {
            throw new ArgumentOutOfRangeException(nameof(CursorHistorySize), CursorHistorySize, "ResumableJobOptions.CursorHistorySize must be from 1 to 10,000.");
        }

        if (CheckpointSaveGracePeriod < TimeSpan.Zero || CheckpointSaveGracePeriod > TimeSpan.FromHours(1))
        {
            throw new ArgumentOutOfRangeException(nameof(CheckpointSaveGracePeriod), CheckpointSaveGracePeriod, "ResumableJobOptions.CheckpointSaveGracePeriod must be from zero to one hour.");
        }

        if (PrefetchPages is < 0 or > 64)
        {
            throw new ArgumentOutOfRangeException(nameof(PrefetchPages), PrefetchPages, "ResumableJobOptions.PrefetchPages must be from 0 (off) to 64.");
        }

        if (CheckpointEveryPages is < 0 or > 1_000_000)
        {
            throw new ArgumentOutOfRangeException(nameof(CheckpointEveryPages), CheckpointEveryPages, "ResumableJobOptions.CheckpointEveryPages must be from 0 (no page-count trigger) to 1,000,000.");
        }

        if (CheckpointInterval < TimeSpan.Zero || CheckpointInterval > TimeSpan.FromDays(1))
        {
            throw new ArgumentOutOfRangeException(nameof(CheckpointInterval), CheckpointInterval, "ResumableJobOptions.CheckpointInterval must be from zero (no time trigger) to one day.");
        }

        if (CheckpointEveryPages == 0 && CheckpointInterval == TimeSpan.Zero)
        {
            throw new ArgumentException("ResumableJobOptions.CheckpointEveryPages is 0 and CheckpointInterval is zero, so no checkpoint would ever be saved before the last page; set at least one of them.", nameof(CheckpointEveryPages));
        }

        if (TimeProvider is null)
        {
            throw new ArgumentNullException(nameof(TimeProvider), "ResumableJobOptions.TimeProvider is required.");
        }

        if (LoggerFactory is null)
        {
            throw new ArgumentNullException(nameof(LoggerFactory), "ResumableJobOptions.LoggerFactory is required.");
        }

        if (Retry is null)
        {
            throw new ArgumentNullException(nameof(Retry), "ResumableJobOptions.Retry is required.");
        }

        Retry.Validate();
    }

    /// <summary>A copy whose later changes do not affect this instance (the <see cref="Retry"/> options are copied too).</summary>
    /// <returns>The copy.</returns>
    public ResumableJobOptions Clone()
    {
        var copy = (ResumableJobOptions)MemberwiseClone();
        copy.Retry = new RetryOptions
        {
            MaxRetryAttempts = Retry.MaxRetryAttempts,
            BaseDelay = Retry.BaseDelay,
            MaxDelay = Retry.MaxDelay,
            UseJitter = Retry.UseJitter,
            ShouldRetry = Retry.ShouldRetry,
            Randomizer = Retry.Randomizer,
        };
        return copy;
    }
}
