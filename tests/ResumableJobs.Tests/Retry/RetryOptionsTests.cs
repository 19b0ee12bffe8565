namespace ResumableJobs.Tests.Retry;

/// <summary>The delay formula: min(base · 2^attempt, cap) plus jitter in (0, base], never zero, never above cap + base.</summary>
public sealed class RetryOptionsTests
{
    private static readonly TimeSpan Base = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan Cap = TimeSpan.FromSeconds(30);

    [Theory]
    [InlineData(0, 500)]
    [InlineData(1, 1_000)]
    [InlineData(2, 2_000)]
    [InlineData(5, 16_000)]
    [InlineData(6, 30_000)]
    [InlineData(7, 30_000)]
    [InlineData(62, 30_000)]
    [InlineData(63, 30_000)]
    [InlineData(64, 30_000)]
    [InlineData(1_023, 30_000)]
    [InlineData(1_024, 30_000)]
    [InlineData(int.MaxValue, 30_000)]
    public void Without_jitter_the_delay_doubles_up_to_the_cap_for_any_attempt(int attempt, int expectedMilliseconds)
    {
        var options = new RetryOptions { BaseDelay = Base, MaxDelay = Cap, UseJitter = false };

        options.ComputeDelay(attempt).Should().Be(TimeSpan.FromMilliseconds(expectedMilliseconds));
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.5)]
    [InlineData(0.999999999999)]
    [InlineData(1.0)]
    [InlineData(-3.0)]
    [InlineData(42.0)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity)]
    public void With_any_randomizer_value_the_delay_at_a_huge_attempt_stays_in_cap_to_cap_plus_base(double random)
    {
        var options = new RetryOptions { BaseDelay = Base, MaxDelay = Cap, Randomizer = () => random };

        foreach (var attempt in new[] { 6, 63, 64, 1_024, int.MaxValue - 1, int.MaxValue })
        {
            options.ComputeDelay(attempt).Should().BeGreaterThan(Cap).And.BeLessThanOrEqualTo(Cap + Base, "attempt {0}, random {1}", attempt, random);
        }

        options.ComputeDelay(0).Should().BeGreaterThan(Base).And.BeLessThanOrEqualTo(Base + Base);
    }

    [Theory]
    [InlineData(0.0, 500)]
    [InlineData(0.5, 250)]
    [InlineData(0.75, 125)]
    public void The_jitter_is_one_base_delay_scaled_by_one_minus_the_random_value(double random, int expectedJitterMilliseconds)
    {
        var options = new RetryOptions { BaseDelay = Base, MaxDelay = Cap, Randomizer = () => random };

        options.ComputeDelay(1).Should().Be(TimeSpan.FromSeconds(1) + TimeSpan.FromMilliseconds(expectedJitterMilliseconds));
        options.ComputeDelay(int.MaxValue).Should().Be(Cap + TimeSpan.FromMilliseconds(expectedJitterMilliseconds));
    }

    [Fact]
    public void The_default_randomizer_makes_delays_at_the_cap_differ()
    {
        var options = new RetryOptions { BaseDelay = Base, MaxDelay = Cap };

        var delays = Enumerable.Range(0, 1_000).Select(_ => options.ComputeDelay(int.MaxValue)).ToList();

        delays.Should().OnlyContain(d => d > Cap && d <= Cap + Base);
        delays.Distinct().Count().Should().BeGreaterThan(900, "workers throttled together must not retry together");
    }

    [Fact]
    public void The_extreme_valid_options_never_overflow()
    {
        var options = new RetryOptions { BaseDelay = TimeSpan.FromDays(1), MaxDelay = TimeSpan.FromDays(1), Randomizer = () => 0 };
        options.Validate();

        options.ComputeDelay(int.MaxValue).Should().Be(TimeSpan.FromDays(2));
        options.ComputeDelay(0).Should().Be(TimeSpan.FromDays(2));

        var tiny = new RetryOptions { BaseDelay = TimeSpan.FromTicks(1), MaxDelay = TimeSpan.FromDays(1), Randomizer = () => 0.999999 };
        tiny.ComputeDelay(0).Should().Be(TimeSpan.FromTicks(2), "even a one-tick base keeps a non-zero jitter");
        tiny.ComputeDelay(int.MaxValue).Should().Be(TimeSpan.FromDays(1) + TimeSpan.FromTicks(1));
    }

    [Theory]
    [InlineData(7_000, 7_000)]
    [InlineData(30_000, 30_000)]
    [InlineData(3_600_000, 30_000)]
    [InlineData(0, 0)]
    [InlineData(-5_000, 0)]
    public void A_Retry_After_replaces_the_exponential_part_and_is_capped(int askedMilliseconds, int expectedMilliseconds)
    {
        var options = new RetryOptions { BaseDelay = Base, MaxDelay = Cap, Randomizer = () => 0.5 };

        options.ComputeDelay(0, TimeSpan.FromMilliseconds(askedMilliseconds))
            .Should().Be(TimeSpan.FromMilliseconds(expectedMilliseconds + 250));
        options.ComputeDelay(int.MaxValue, TimeSpan.FromMilliseconds(askedMilliseconds))
            .Should().Be(TimeSpan.FromMilliseconds(expectedMilliseconds + 250), "a Retry-After wins over the attempt count");
    }

    [Fact]
    public void Without_jitter_a_zero_Retry_After_still_waits_one_base_delay()
    {
        var options = new RetryOptions { BaseDelay = Base, MaxDelay = Cap, UseJitter = false };

        options.ComputeDelay(3, TimeSpan.Zero).Should().Be(Base);
        options.ComputeDelay(3, TimeSpan.FromSeconds(-1)).Should().Be(Base);
        options.ComputeDelay(3, TimeSpan.FromSeconds(2)).Should().Be(TimeSpan.FromSeconds(2));
    }

    [Fact]
    public void A_negative_attempt_is_rejected()
    {
        var options = new RetryOptions();

        options.Invoking(o => o.ComputeDelay(-1)).Should().Throw<ArgumentOutOfRangeException>().WithParameterName("attempt");
    }
}
