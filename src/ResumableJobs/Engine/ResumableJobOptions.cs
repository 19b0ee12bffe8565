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
