using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace CarrierSimulator;

/// <summary>
/// Twilio / KORE Super SIM API, list of Sims: <c>GET /v1/Sims?PageSize=…</c>. HTTP Basic auth (account sid, auth
/// token); paging through <c>meta.next_page_url</c>, which carries an opaque PageToken, until it is null;
/// throttling is HTTP 429 with error code 20429, some throttled answers carrying a Retry-After header.
/// </summary>
internal sealed class SuperSimApi : SimulatedCarrierApi
{
    public const string Path = "/v1/Sims";
    public const int MaxPageSize = 1000;
    public const int DefaultPageSize = 50;
    public const int TooManyRequestsCode = 20429;

    private const string AfterTokenPrefix = "PA";
    private const string BeforeTokenPrefix = "PB";

    private readonly IReadOnlyList<SimRecord> _sims;
    private readonly Dictionary<string, int> _indexBySid;

    public SuperSimApi(CarrierDataset dataset, CarrierSimulatorOptions options, FaultInjector faults, SimulatorStatistics statistics)
        : base(options, faults, statistics)
    {
        _sims = dataset.Sims;
        _indexBySid = new Dictionary<string, int>(_sims.Count, StringComparer.Ordinal);
        for (var i = 0; i < _sims.Count; i++)
        {
            _indexBySid[_sims[i].Sid] = i;
        }
    }

    public async Task ListSimsAsync(HttpContext context)
    {
        if (!await AdmitAsync(context, Options.SuperSimAccountSid, Options.SuperSimAuthToken).ConfigureAwait(false))
        {
            return;
        }

        var cancellationToken = context.RequestAborted;
        var query = context.Request.Query;
        if (!TryReadInt(query["PageSize"].ToString(), DefaultPageSize, out var pageSize) || pageSize is < 1 or > MaxPageSize)
        {
            await ErrorAsync(context, StatusCodes.Status400BadRequest, 20001, $"Invalid PageSize: must be from 1 to {MaxPageSize}").ConfigureAwait(false);
            return;
        }

        if (!TryReadInt(query["Page"].ToString(), 0, out var pageIndex) || pageIndex < 0)
        {
            await ErrorAsync(context, StatusCodes.Status400BadRequest, 20001, "Invalid Page").ConfigureAwait(false);
            return;
        }

        var token = query["PageToken"].ToString();
        int start;
        if (token.Length == 0)
        {
            start = 0;
        }
        else if (token.StartsWith(AfterTokenPrefix, StringComparison.Ordinal) && _indexBySid.TryGetValue(token[AfterTokenPrefix.Length..], out var after))
        {
            start = after + 1;
        }
        else if (token.StartsWith(BeforeTokenPrefix, StringComparison.Ordinal) && _indexBySid.TryGetValue(token[BeforeTokenPrefix.Length..], out var before))
        {
            start = Math.Max(0, before - pageSize);
        }
        else
        {
            await ErrorAsync(context, StatusCodes.Status400BadRequest, 20001, "Invalid PageToken").ConfigureAwait(false);
            return;
        }

        var request = context.Request;
        var origin = $"{request.Scheme}://{request.Host}{request.PathBase}";
        var end = Math.Min(_sims.Count, start + pageSize);
        var sims = new List<SuperSimSim>(end - start);
        for (var i = start; i < end; i++)
        {
            var sim = _sims[i];
            sims.Add(new SuperSimSim(
                sim.Sid,
                Options.SuperSimAccountSid,
                sim.UniqueName,
                sim.Status.ToSuperSim(),
                sim.Plan.FleetSid,
                sim.Iccid,
                FormatDate(sim.DateCreated),
                FormatDate(sim.DateModified),
                $"{origin}{Path}/{sim.Sid}"));
        }

        var listUrl = $"{origin}{Path}?PageSize={pageSize}";
        var meta = new SuperSimMeta(
            pageIndex,
            pageSize,
            $"{listUrl}&Page=0",
            start > 0 && start < _sims.Count ? $"{listUrl}&Page={Math.Max(0, pageIndex - 1)}&PageToken={BeforeTokenPrefix}{_sims[start].Sid}" : null,
            end < _sims.Count ? $"{listUrl}&Page={pageIndex + 1}&PageToken={AfterTokenPrefix}{_sims[end - 1].Sid}" : null,
            $"{origin}{Path}{request.QueryString}",
            "sims");
        await context.Response.WriteAsJsonAsync(new SuperSimSimsPage(sims, meta), ApiJsonContext.Default.SuperSimSimsPage, contentType: null, cancellationToken).ConfigureAwait(false);
    }

    private static string FormatDate(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    protected override Task RefuseUnauthorizedAsync(HttpContext context)
    {
        context.Response.Headers.WWWAuthenticate = "Basic realm=\"Twilio API\"";
        return ErrorAsync(context, StatusCodes.Status401Unauthorized, 20003, "Authenticate");
    }

    // Some throttled answers carry a Retry-After, some do not: clients must cope with both.
    protected override Task RefuseThrottledAsync(HttpContext context, TimeSpan retryAfter, bool toss)
    {
        if (toss)
        {
            var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
            context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        }

        return ErrorAsync(context, StatusCodes.Status429TooManyRequests, TooManyRequestsCode, "Too Many Requests");
    }

    protected override Task RefuseUnavailableAsync(HttpContext context) =>
        ErrorAsync(context, StatusCodes.Status503ServiceUnavailable, 20503, "Service Unavailable");

    private static Task ErrorAsync(HttpContext context, int status, int code, string message)
    {
        context.Response.StatusCode = status;
        var error = new SuperSimError(code, message, $"https://www.twilio.com/docs/errors/{code}", status);
        return context.Response.WriteAsJsonAsync(error, ApiJsonContext.Default.SuperSimError, contentType: null, context.RequestAborted);
    }
}
