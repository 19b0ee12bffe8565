using Microsoft.Extensions.Time.Testing;

namespace SimInventorySync.Tests.Support;

internal static class FakeClock
{
    /// <summary>Moves a fake clock forward in small steps until <paramref name="run"/> completes, so that
    /// backoff delays elapse without real waiting. Bounded: fails rather than spinning forever.</summary>
    public static async Task AdvanceUntilDoneAsync(FakeTimeProvider time, Task run, int maxSteps = 10_000)
    {
        for (var step = 0; step < maxSteps && !run.IsCompleted; step++)
        {
            await Task.Yield();
            if (!run.IsCompleted)
            {
                time.Advance(TimeSpan.FromMilliseconds(250));
                await Task.Delay(1);
            }
        }

        run.IsCompleted.Should().BeTrue("the run should end once its delays have elapsed on the fake clock");
    }
}
