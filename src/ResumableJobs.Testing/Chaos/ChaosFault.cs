namespace ResumableJobs.Testing;

/// <summary>A fault that <see cref="ChaosPageSource"/> can inject into a fetch.</summary>
public enum ChaosFault
{
    /// <summary>A <see cref="TransientFaultException"/>: the engine retries it.</summary>
    Transient,

    /// <summary>A <see cref="ChaosFatalFaultException"/>: not retried, the run fails with its checkpoint intact.</summary>
    Fatal,

    /// <summary>HTTP 429 Too Many Requests: a <see cref="TransientFaultException"/> carrying a Retry-After
    /// (<see cref="ChaosPageSourceOptions.ThrottleRetryAfter"/>) around an <see cref="System.Net.Http.HttpRequestException"/> with status 429.</summary>
    Throttle,

    /// <summary>A slow page: the fetch waits <see cref="ChaosPageSourceOptions.SlowPageDelay"/> on the
    /// <see cref="ChaosPageSourceOptions.TimeProvider"/>, then succeeds.</summary>
    Slow,
}
