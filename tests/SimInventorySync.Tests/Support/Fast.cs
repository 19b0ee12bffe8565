using ResumableJobs;

namespace SimInventorySync.Tests.Support;

/// <summary>Options that make retries take milliseconds, so that fault-heavy tests stay fast.</summary>
internal static class Fast
{
    public static RetryOptions Retry(int attempts = 200) => new()
    {
        BaseDelay = TimeSpan.FromMilliseconds(2),
        MaxDelay = TimeSpan.FromMilliseconds(50),
        MaxRetryAttempts = attempts,
    };

    public static ResumableJobOptions JobOptions(int attempts = 5) => new() { Retry = Retry(attempts) };
}
