using Microsoft.Extensions.Time.Testing;

namespace ResumableJobs.Tests.Chaos;

/// <summary>Runs jobs on a fake clock: the clock is moved on while a run waits (backoff, slow pages), so nothing sleeps.</summary>
internal static class ChaosRuns
{
    public static async Task<JobRunResult> RunOnFakeClockAsync<TCursor>(ResumableJob<TCursor> job, FakeTimeProvider time, CancellationToken cancellationToken)
    {
        var run = job.RunAsync(cancellationToken);
        while (!run.IsCompleted)
        {
            // The run only waits on the fake clock; this loop is a pump, not a timing assumption.
            time.Advance(TimeSpan.FromSeconds(1));
            await Task.WhenAny(run, Task.Delay(1, cancellationToken));
        }

        return await run;
    }

    public static ResumableJobOptions FastRetries(FakeTimeProvider time, int attempts = 20) => new()
    {
        TimeProvider = time,
        CheckpointSaveGracePeriod = TimeSpan.Zero,
        Retry = { MaxRetryAttempts = attempts, BaseDelay = TimeSpan.FromMilliseconds(100), MaxDelay = TimeSpan.FromSeconds(2) },
    };
}
