namespace ResumableJobs.Testing;

/// <summary>The data set and the fault mix of a <see cref="ChaosPageSource"/>. Validated when the source is created.</summary>
public sealed class ChaosPageSourceOptions
{
    /// <summary>Seeds the data set and, separately, the chance of faults: the same seed gives the same items and,
    /// for the same sequence of fetches, the same faults.</summary>
    public int Seed { get; set; }

    /// <summary>How many items the stream holds (updates of earlier items included). Default 100.</summary>
    public int ItemCount { get; set; } = 100;

    /// <summary>Items per page. Default 10.</summary>
    public int PageSize { get; set; } = 10;

    /// <summary>
    /// The chance, from 0 to 1, that an item of the stream is an update of an earlier item (the same id with a newer
    /// revision and value) rather than a new item. The sink must end with the latest value of each id. Default 0.2.
    /// </summary>
    public double UpdateFraction { get; set; } = 0.2;

    /// <summary>The chance, per fetch, of a <see cref="ChaosFault.Transient"/> fault. Default 0.</summary>
    public double TransientFaultRate { get; set; }

    /// <summary>The chance, per fetch, of a <see cref="ChaosFault.Fatal"/> fault. Default 0.</summary>
    public double FatalFaultRate { get; set; }

    /// <summary>The chance, per fetch, of a <see cref="ChaosFault.Throttle"/> fault (429 with Retry-After). Default 0.</summary>
    public double ThrottleRate { get; set; }

    /// <summary>The chance, per fetch, of a <see cref="ChaosFault.Slow"/> page. Default 0.</summary>
    public double SlowPageRate { get; set; }

    /// <summary>The Retry-After a <see cref="ChaosFault.Throttle"/> fault carries. Default 2 s.</summary>
    public TimeSpan ThrottleRetryAfter { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How long a <see cref="ChaosFault.Slow"/> page takes. Default 5 s.</summary>
    public TimeSpan SlowPageDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The clock slow pages wait on: a FakeTimeProvider in tests, so that nothing sleeps. Default the system clock.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>Throws when the options are invalid; the message names the option.</summary>
    /// <exception cref="ArgumentException">An option is invalid.</exception>
    public void Validate()
    {
        if (ItemCount < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(ItemCount), ItemCount, "ChaosPageSourceOptions.ItemCount must be 0 or more.");
        }

        if (PageSize < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(PageSize), PageSize, "ChaosPageSourceOptions.PageSize must be at least 1.");
        }

        CheckRate(UpdateFraction, nameof(UpdateFraction));
        CheckRate(TransientFaultRate, nameof(TransientFaultRate));
        CheckRate(FatalFaultRate, nameof(FatalFaultRate));
        CheckRate(ThrottleRate, nameof(ThrottleRate));
        CheckRate(SlowPageRate, nameof(SlowPageRate));
        if (TransientFaultRate + FatalFaultRate + ThrottleRate + SlowPageRate > 1.0)
        {
            throw new ArgumentException("ChaosPageSourceOptions: the fault rates (transient, fatal, throttle, slow) must add up to at most 1.", nameof(TransientFaultRate));
        }

        if (ThrottleRetryAfter < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(ThrottleRetryAfter), ThrottleRetryAfter, "ChaosPageSourceOptions.ThrottleRetryAfter must not be negative.");
        }

        if (SlowPageDelay < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(SlowPageDelay), SlowPageDelay, "ChaosPageSourceOptions.SlowPageDelay must not be negative.");
        }

        if (TimeProvider is null)
        {
            throw new ArgumentNullException(nameof(TimeProvider), "ChaosPageSourceOptions.TimeProvider is required.");
        }
    }

    /// <summary>A copy, so that later changes to these options do not affect a source.</summary>
    internal ChaosPageSourceOptions Clone() => (ChaosPageSourceOptions)MemberwiseClone();

    private static void CheckRate(double rate, string name)
    {
        if (double.IsNaN(rate) || rate is < 0 or > 1)
        {
            throw new ArgumentOutOfRangeException(name, rate, $"ChaosPageSourceOptions.{name} must be from 0 to 1.");
        }
    }
}
