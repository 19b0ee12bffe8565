using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace CarrierSimulator;

/// <summary>
/// What every simulated carrier endpoint does before it serves a page: count the call, check the Basic credentials,
/// apply the per-user rate limit, then inject the fault drawn for this call. The carriers differ only in how they
/// word the refusals, so those are left to the subclass.
/// </summary>
internal abstract class SimulatedCarrierApi
{
    private readonly FixedWindowRateLimiter _limiter;
    private readonly FaultInjector _faults;
    private readonly SimulatorStatistics _statistics;

    protected SimulatedCarrierApi(CarrierSimulatorOptions options, FaultInjector faults, SimulatorStatistics statistics)
    {
        Options = options;
        _limiter = new FixedWindowRateLimiter(options.RequestsPerSecond, options.TimeProvider);
        _faults = faults;
        _statistics = statistics;
    }

    protected CarrierSimulatorOptions Options { get; }

    /// <summary>
    /// Lets the call through, or answers it with the refusal or fault it drew. False when the call has been answered
    /// (or its connection dropped) already; true when the page is to be served, after the slow-answer delay if drawn.
    /// </summary>
    protected async Task<bool> AdmitAsync(HttpContext context, string user, string password)
    {
        _statistics.OnRequest();
        if (!BasicCredentials.Match(context.Request, user, password, out var presentedUser))
        {
            _statistics.OnUnauthorized();
            await RefuseUnauthorizedAsync(context).ConfigureAwait(false);
            return false;
        }

        if (!_limiter.TryAcquire(presentedUser!, out var retryAfter))
        {
            _statistics.OnThrottled();
            await RefuseThrottledAsync(context, retryAfter, _faults.Toss()).ConfigureAwait(false);
            return false;
        }

        var fault = _faults.Draw();
        _statistics.OnFault(fault);
        switch (fault)
        {
            case FaultKind.ServiceUnavailable:
                await RefuseUnavailableAsync(context).ConfigureAwait(false);
                return false;
            case FaultKind.DroppedConnection:
                context.Abort();
                return false;
            case FaultKind.SlowAnswer:
                await Task.Delay(Options.SlowAnswerDelay, Options.TimeProvider, context.RequestAborted).ConfigureAwait(false);
                break;
        }

        return true;
    }

    /// <summary>Answers a call whose credentials do not match.</summary>
    protected abstract Task RefuseUnauthorizedAsync(HttpContext context);

    /// <summary>Answers a call over the rate limit; <paramref name="toss"/> is a fair coin for the carrier's variations.</summary>
    protected abstract Task RefuseThrottledAsync(HttpContext context, TimeSpan retryAfter, bool toss);

    /// <summary>Answers a call that drew <see cref="FaultKind.ServiceUnavailable"/>.</summary>
    protected abstract Task RefuseUnavailableAsync(HttpContext context);

    /// <summary>Reads a non-negative whole number from a query value, <paramref name="fallback"/> when it is absent.</summary>
    protected static bool TryReadInt(string text, int fallback, out int value)
    {
        if (string.IsNullOrEmpty(text))
        {
            value = fallback;
            return true;
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);
    }
}
