using ResumableJobs;

namespace SimInventorySync.Tests.Support;

/// <summary>What every page source test of a failing run checks first.</summary>
internal static class FailedRunAssertions
{
    /// <summary>The run failed after exactly <paramref name="requests"/> requests: its error was fatal, not retried.</summary>
    public static void ShouldHaveFailedAfter(this JobRunResult result, StubHttpHandler handler, int requests)
    {
        result.Outcome.Should().Be(JobOutcome.Failed);
        handler.Requests.Should().HaveCount(requests);
    }
}
