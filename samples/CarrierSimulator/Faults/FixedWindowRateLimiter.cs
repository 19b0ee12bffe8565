namespace CarrierSimulator;

/// <summary>
/// A per-account calls-per-second limit in fixed one-second windows, as carrier APIs document it. Reads the time
/// from a <see cref="TimeProvider"/> (not from timers), so tests move its windows with a fake clock.
/// </summary>
internal sealed class FixedWindowRateLimiter
{
    private readonly int _permitsPerSecond;
    private readonly TimeProvider _time;
    private readonly Dictionary<string, (long Window, int Count)> _accounts = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    public FixedWindowRateLimiter(int permitsPerSecond, TimeProvider time)
    {
        _permitsPerSecond = permitsPerSecond;
        _time = time;
    }

    /// <summary>Takes one permit for <paramref name="account"/> in the current window.</summary>
    /// <param name="account">The account the call counts against.</param>
    /// <param name="retryAfter">When refused, the time until the next window opens.</param>
    /// <returns><see langword="true"/> when the call is within the limit.</returns>
    public bool TryAcquire(string account, out TimeSpan retryAfter)
    {
        retryAfter = TimeSpan.Zero;
        if (_permitsPerSecond == 0)
        {
            return true;
        }

        var ticks = _time.GetUtcNow().UtcTicks;
        var window = ticks / TimeSpan.TicksPerSecond;
        lock (_gate)
        {
            var count = _accounts.TryGetValue(account, out var state) && state.Window == window ? state.Count : 0;
            if (count < _permitsPerSecond)
            {
                _accounts[account] = (window, count + 1);
                return true;
            }
        }

        retryAfter = TimeSpan.FromTicks(((window + 1) * TimeSpan.TicksPerSecond) - ticks);
        return false;
    }
}
