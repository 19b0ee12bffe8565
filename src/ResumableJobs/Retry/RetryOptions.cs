namespace ResumableJobs;

/// <summary>
/// The capped exponential backoff with jitter that fetch, apply and save are each retried with. The delay before
/// retry <c>n</c> (0-based) is <c>min(BaseDelay · 2^n, MaxDelay)</c> plus a random jitter in (0, BaseDelay], so
/// jitter survives at the cap and workers throttled together do not retry together. A server's Retry-After
/// replaces the exponential part, still capped at <see cref="MaxDelay"/>. No delay is ever zero or above
/// <c>MaxDelay + BaseDelay</c>.
/// </summary>
public sealed class RetryOptions
{
    /// <summary>How many times an operation is retried after its first attempt. Default 8; 0 disables retries.</summary>
    public int MaxRetryAttempts { get; set; } = 8;

    /// <summary>The delay before the first retry, and the bound of the jitter. Default 500 ms.</summary>
    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>The absolute cap of the exponential (or Retry-After) part of a delay. Default 30 s.</summary>
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Whether to add jitter. Default <see langword="true"/>; turn off only for single-worker jobs.</summary>
    public bool UseJitter { get; set; } = true;

    /// <summary>
    /// Decides which errors are transient and retried. Default <see cref="TransientFaults.IsTransient(Exception)"/>: timeouts,
    /// I/O and socket faults, HTTP 408, 429 and 5xx, transient database errors (<c>DbException.IsTransient</c>),
    /// and <see cref="TransientFaultException"/>. Cancellation is never retried, whatever this returns.
    /// </summary>
    public Func<Exception, bool> ShouldRetry { get; set; } = TransientFaults.IsTransient;

    /// <summary>The source of randomness for jitter, returning values in [0, 1). Replace it to make delays reproducible.</summary>
    public Func<double> Randomizer { get; set; } = Random.Shared.NextDouble;

    /// <summary>Throws when the options are invalid; the message names the option.</summary>
    /// <exception cref="ArgumentException">An option is out of range.</exception>
    public void Validate()
    {
        if (MaxRetryAttempts < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxRetryAttempts), MaxRetryAttempts, "RetryOptions.MaxRetryAttempts must be 0 or more.");
        }

        if (BaseDelay <= TimeSpan.Zero || BaseDelay > TimeSpan.FromDays(1))
        {
            throw new ArgumentOutOfRangeException(nameof(BaseDelay), BaseDelay, "RetryOptions.BaseDelay must be more than zero and at most one day.");
        }

        if (MaxDelay < BaseDelay || MaxDelay > TimeSpan.FromDays(1))
        {
            throw new ArgumentOutOfRangeException(nameof(MaxDelay), MaxDelay, $"RetryOptions.MaxDelay must be at least BaseDelay ({BaseDelay}) and at most one day.");
        }

        if (ShouldRetry is null)
        {
            throw new ArgumentNullException(nameof(ShouldRetry), "RetryOptions.ShouldRetry is required.");
        }

        if (Randomizer is null)
        {
            throw new ArgumentNullException(nameof(Randomizer), "RetryOptions.Randomizer is required.");
        }
    }

    /// <summary>
    /// The delay before retry <paramref name="attempt"/> (0 for the first retry), given the Retry-After the server
    /// asked for, if any.
    /// </summary>
    /// <param name="attempt">The 0-based retry number; any non-negative value.</param>
    /// <param name="retryAfter">The server's Retry-After, or <see langword="null"/>.</param>
    /// <returns>A delay in (0, <see cref="MaxDelay"/> + <see cref="BaseDelay"/>].</returns>
    public TimeSpan ComputeDelay(int attempt, TimeSpan? retryAfter = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(attempt);
        TimeSpan backoff;
        if (retryAfter is { } asked)
        {
            backoff = asked < TimeSpan.Zero ? TimeSpan.Zero : (asked > MaxDelay ? MaxDelay : asked);
        }
        else
        {
            // 2^attempt in doubles never overflows to a negative; anything at or past the cap is the cap.
            var ticks = BaseDelay.Ticks * Math.Pow(2, Math.Min(attempt, 1023));
            backoff = ticks >= MaxDelay.Ticks ? MaxDelay : TimeSpan.FromTicks((long)ticks);
        }

        if (!UseJitter)
        {
            // Without jitter a zero Retry-After would give a zero delay; the floor keeps the "never zero" promise.
            return backoff > TimeSpan.Zero ? backoff : BaseDelay;
        }

        // 1 - [0,1) is (0,1]: the jitter is never zero, so neither is the delay.
        var jitterTicks = (long)Math.Ceiling(BaseDelay.Ticks * (1.0 - Math.Clamp(Randomizer(), 0.0, 0.999999999)));
        return backoff + TimeSpan.FromTicks(Math.Clamp(jitterTicks, 1, BaseDelay.Ticks));
    }
}
