using System.Globalization;
using System.Net.Http.Headers;
using ResumableJobs;

namespace SimInventorySync.Carriers.SuperSim;

/// <summary>
/// Reads the Twilio / KORE Super SIM "Sims" list (<c>GET /v1/Sims?PageSize=…</c>), following <c>meta.next_page_url</c>
/// exactly as given until it is null. HTTP 429 and error code 20429 are throttling (a
/// <see cref="TransientFaultException"/> that carries the answer's Retry-After); 401 and malformed answers are fatal
/// <see cref="CarrierApiException"/>s that name the page. A <c>next_page_url</c> that repeats is left to the engine,
/// which fails the job with a <see cref="CursorNotAdvancingException"/>. The API gives no total.
/// </summary>
internal sealed class SuperSimPageSource : IPageSource<SuperSimCursor, CarrierSim>
{
    /// <summary>The largest page the API serves.</summary>
    public const int MaxPageSize = 1000;

    /// <summary>Twilio's error code of "Too Many Requests".</summary>
    public const int TooManyRequestsCode = 20429;

    private readonly HttpClient _http;
    private readonly Uri _baseUrl;
    private readonly AuthenticationHeaderValue _authorization;
    private readonly TimeProvider _timeProvider;

    public SuperSimPageSource(HttpClient http, Uri baseUrl, CarrierCredentials credentials, TimeProvider? timeProvider = null, PageSourceStatistics? statistics = null)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(baseUrl);
        ArgumentNullException.ThrowIfNull(credentials);
        _baseUrl = CarrierHttp.BaseUrl(baseUrl, "Super SIM");
        _http = http;
        _authorization = credentials.ToBasicHeader();
        _timeProvider = timeProvider ?? TimeProvider.System;
        Statistics = statistics ?? new PageSourceStatistics();
    }

    public PageSourceStatistics Statistics { get; }

    /// <summary>The cursor of the first page.</summary>
    public SuperSimCursor StartCursor(int pageSize = MaxPageSize)
    {
        if (pageSize is < 1 or > MaxPageSize)
        {
            throw new ArgumentOutOfRangeException(nameof(pageSize), pageSize, $"The Super SIM page size must be from 1 to {MaxPageSize}.");
        }

        return new SuperSimCursor(new Uri(_baseUrl, string.Create(CultureInfo.InvariantCulture, $"v1/Sims?PageSize={pageSize}")).PathAndQuery);
    }

    /// <summary>The URL of the page at <paramref name="cursor"/>.</summary>
    public Uri GetPageUrl(SuperSimCursor cursor)
    {
        ArgumentNullException.ThrowIfNull(cursor);
        if (string.IsNullOrEmpty(cursor.PageUrl) || cursor.PageUrl[0] != '/')
        {
            throw new ArgumentException($"A Super SIM cursor holds the path and query of a page, starting with '/', not '{cursor.PageUrl}'.", nameof(cursor));
        }

        return new Uri(_baseUrl, cursor.PageUrl);
    }

    public async ValueTask<Page<SuperSimCursor, CarrierSim>> FetchPageAsync(SuperSimCursor cursor, CancellationToken cancellationToken)
    {
        var url = GetPageUrl(cursor);
        var response = await CarrierHttp.GetAsync(_http, url, _authorization, _timeProvider, Statistics, cancellationToken).ConfigureAwait(false);
        // A 429 need not be JSON: it is throttling all the same.
        var answer = CarrierHttp.ReadJson(response, CarrierJsonContext.Default.SuperSimAnswer, Statistics, statusWithoutJson: 429);

        if (response.StatusCode == 429 || answer?.Code == TooManyRequestsCode)
        {
            Statistics.OnThrottled();
            var retryAfter = response.RetryAfter is { } after ? $"; Retry-After {after.TotalSeconds:0.###} s" : string.Empty;
            throw new TransientFaultException(
                $"GET {response.Url}: {response.Status}, too many requests (Twilio error {answer?.Code?.ToString(CultureInfo.InvariantCulture) ?? "none"}: {answer?.Message ?? "no message"}){retryAfter}",
                response.RetryAfter);
        }

        if (!response.IsSuccess || answer?.Code is not null)
        {
            throw ErrorFault(response, answer);
        }

        if (answer is null)
        {
            throw Malformed(response, "the answer is JSON null");
        }

        if (answer.Sims is null)
        {
            throw Malformed(response, "the answer has no 'sims' array");
        }

        if (answer.Meta is null)
        {
            throw Malformed(response, "the answer has no 'meta'");
        }

        if (answer.Meta.Key is { } key && key != "sims")
        {
            throw Malformed(response, $"'meta.key' is '{key}', not 'sims'");
        }

        var items = new CarrierSim[answer.Sims.Count];
        for (var i = 0; i < items.Length; i++)
        {
            var sim = answer.Sims[i];
            if (sim is null || string.IsNullOrWhiteSpace(sim.Iccid))
            {
                throw Malformed(response, $"sim {i} has no 'iccid'");
            }

            items[i] = new CarrierSim(sim.Iccid, (sim.Status ?? string.Empty).ToLowerInvariant(), sim.FleetSid ?? string.Empty);
        }

        if (string.IsNullOrEmpty(answer.Meta.NextPageUrl))
        {
            return Page.Last<SuperSimCursor, CarrierSim>(items, cursor);
        }

        return Page.More<SuperSimCursor, CarrierSim>(items, NextCursor(response, answer.Meta.NextPageUrl));
    }

    private SuperSimCursor NextCursor(CarrierResponse response, string nextPageUrl)
    {
        if (!Uri.TryCreate(nextPageUrl, UriKind.Absolute, out var next) || (next.Scheme != Uri.UriSchemeHttp && next.Scheme != Uri.UriSchemeHttps))
        {
            throw Malformed(response, $"'meta.next_page_url' is not an absolute http(s) URL: '{nextPageUrl}'");
        }

        // The credentials go with the next call: never to another origin than the one the user configured.
        if (Uri.Compare(next, _baseUrl, UriComponents.SchemeAndServer, UriFormat.SafeUnescaped, StringComparison.OrdinalIgnoreCase) != 0)
        {
            throw Malformed(response, $"'meta.next_page_url' {nextPageUrl} points to another origin than {_baseUrl.GetLeftPart(UriPartial.Authority)}; refusing to send the credentials there");
        }

        return new SuperSimCursor(next.PathAndQuery);
    }

    private Exception ErrorFault(CarrierResponse response, SuperSimAnswer? answer)
    {
        var code = answer?.Code?.ToString(CultureInfo.InvariantCulture);
        var detail = code is null ? string.Empty : $" (Twilio error {code}: {answer!.Message ?? "no message"})";
        return CarrierHttp.ErrorFault(response, detail, code, "check the account sid and auth token", Statistics);
    }

    private static CarrierApiException Malformed(CarrierResponse response, string what) =>
        CarrierHttp.Malformed(response, "a Sims page", what);
}
