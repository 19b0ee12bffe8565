using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace CarrierSimulator;

/// <summary>
/// Cisco IoT Control Center REST API, "Search Devices": <c>GET /rws/api/v1/devices?modifiedSince=…&amp;pageSize=…&amp;pageNumber=…</c>.
/// HTTP Basic auth (user name, API key); devices oldest modification first; over the per-account rate limit the
/// answer is error code 40000029, with HTTP 400 or 429 (the status is not documented, so clients must not rely on it).
/// </summary>
internal sealed class ControlCenterApi : SimulatedCarrierApi
{
    public const string Path = "/rws/api/v1/devices";
    public const string RateLimitExceededCode = "40000029";
    public const int MaxPageSize = 50;

    private readonly SimRecord[] _byModification;

    public ControlCenterApi(CarrierDataset dataset, CarrierSimulatorOptions options, FaultInjector faults, SimulatorStatistics statistics)
        : base(options, faults, statistics)
    {
        _byModification = [.. dataset.Sims.OrderBy(static s => s.DateModified).ThenBy(static s => s.Iccid, StringComparer.Ordinal)];
    }

    public async Task SearchDevicesAsync(HttpContext context)
    {
        if (!await AdmitAsync(context, Options.ControlCenterUserName, Options.ControlCenterApiKey).ConfigureAwait(false))
        {
            return;
        }

        var cancellationToken = context.RequestAborted;
        var query = context.Request.Query;
        var modifiedSinceText = query["modifiedSince"].ToString();
        if (string.IsNullOrEmpty(modifiedSinceText)
            || !DateTimeOffset.TryParse(modifiedSinceText, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var modifiedSince))
        {
            await ErrorAsync(context, StatusCodes.Status400BadRequest, "10000003", $"modifiedSince is required in ISO-8601 format, got '{modifiedSinceText}'").ConfigureAwait(false);
            return;
        }

        if (!TryReadInt(query["pageSize"].ToString(), MaxPageSize, out var pageSize) || pageSize is < 1 or > MaxPageSize)
        {
            await ErrorAsync(context, StatusCodes.Status400BadRequest, "10000024", $"pageSize must be from 1 to {MaxPageSize}").ConfigureAwait(false);
            return;
        }

        if (!TryReadInt(query["pageNumber"].ToString(), 1, out var pageNumber) || pageNumber < 1)
        {
            await ErrorAsync(context, StatusCodes.Status400BadRequest, "10000024", "pageNumber must be 1 or more").ConfigureAwait(false);
            return;
        }

        var first = LowerBound(modifiedSince);
        var offset = first + ((long)(pageNumber - 1) * pageSize);
        var devices = new List<ControlCenterDevice>(pageSize);
        for (var i = offset; i < _byModification.Length && i < offset + pageSize; i++)
        {
            var sim = _byModification[i];
            devices.Add(new ControlCenterDevice(sim.Iccid, sim.Status.ToControlCenter(), sim.Plan.Name, sim.Plan.CommunicationPlan));
        }

        var page = new ControlCenterDevicesPage(pageNumber, devices, offset + pageSize >= _byModification.Length);
        await context.Response.WriteAsJsonAsync(page, ApiJsonContext.Default.ControlCenterDevicesPage, contentType: null, cancellationToken).ConfigureAwait(false);
    }

    protected override Task RefuseUnauthorizedAsync(HttpContext context)
    {
        context.Response.Headers.WWWAuthenticate = "Basic realm=\"Control Center\"";
        return ErrorAsync(context, StatusCodes.Status401Unauthorized, "10000001", "Invalid apiKey or username");
    }

    // The status of a throttled answer is not documented: both are seen, so clients must go by the error code.
    protected override Task RefuseThrottledAsync(HttpContext context, TimeSpan retryAfter, bool toss) =>
        ErrorAsync(context, toss ? StatusCodes.Status400BadRequest : StatusCodes.Status429TooManyRequests, RateLimitExceededCode, "Rate Limit Exceeded");

    protected override Task RefuseUnavailableAsync(HttpContext context) =>
        ErrorAsync(context, StatusCodes.Status503ServiceUnavailable, "10000029", "Service is temporarily unavailable");

    private static Task ErrorAsync(HttpContext context, int status, string code, string message)
    {
        context.Response.StatusCode = status;
        return context.Response.WriteAsJsonAsync(new ControlCenterError(code, message), ApiJsonContext.Default.ControlCenterError, contentType: null, context.RequestAborted);
    }

    private int LowerBound(DateTimeOffset modifiedSince)
    {
        int low = 0, high = _byModification.Length;
        while (low < high)
        {
            var mid = (low + high) >>> 1;
            if (_byModification[mid].DateModified < modifiedSince)
            {
                low = mid + 1;
            }
            else
            {
                high = mid;
            }
        }

        return low;
    }
}
