using CarrierSimulator;
using Microsoft.Extensions.Time.Testing;

namespace SimInventorySync.Tests.Simulator;

public sealed class FixedWindowRateLimiterTests
{
    [Fact]
    public void Each_account_gets_its_calls_per_second_and_the_rest_wait_for_the_next_window()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero).AddMilliseconds(300));
        var limiter = new FixedWindowRateLimiter(3, time);

        Enumerable.Range(0, 3).Select(i => limiter.TryAcquire("a", out _)).Should().OnlyContain(allowed => allowed);
        limiter.TryAcquire("a", out var retryAfter).Should().BeFalse();
        retryAfter.Should().Be(TimeSpan.FromMilliseconds(700));
        limiter.TryAcquire("b", out _).Should().BeTrue("accounts are limited separately");

        time.Advance(TimeSpan.FromMilliseconds(699));
        limiter.TryAcquire("a", out retryAfter).Should().BeFalse();
        retryAfter.Should().Be(TimeSpan.FromMilliseconds(1));

        time.Advance(TimeSpan.FromMilliseconds(1));
        limiter.TryAcquire("a", out _).Should().BeTrue("a new window opened");
    }

    [Fact]
    public void Zero_means_no_limit()
    {
        var limiter = new FixedWindowRateLimiter(0, new FakeTimeProvider());

        Enumerable.Range(0, 1_000).Select(i => limiter.TryAcquire("a", out _)).Should().OnlyContain(allowed => allowed);
    }
}
