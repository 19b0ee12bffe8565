using System.Globalization;
using System.Net.Http.Headers;
using ResumableJobs;

namespace SimInventorySync.Carriers.ControlCenter;

/// <summary>
/// Reads Cisco IoT Control Center "Search Devices" (<c>GET /rws/api/v1/devices?modifiedSince=…&amp;pageSize=…&amp;pageNumber=…</c>)
/// page by page. Error code 40000029 ("Rate Limit Exceeded") is throttling whatever the HTTP status (400 and 429 are
/// both seen), so it becomes a <see cref="TransientFaultException"/>; 401 and malformed answers are fatal
/// <see cref="CarrierApiException"/>s that name the page. The API gives no total, so this source estimates none.
/// </summary>
internal sealed class ControlCenterPageSource : IPageSource<ControlCenterCursor, CarrierSim>
{
    /// <summary>The largest page the API serves.</summary>
    public const int MaxPageSize = 50;

    /// <summary>The error code of "Rate Limit Exceeded".</summary>
    public const string RateLimitExceededCode = "40000029";

    private readonly HttpClient _http;
    private readonly Uri _baseUrl;
    private readonly AuthenticationHeaderValue _authorization;
    private readonly int _pageSize;
    private readonly TimeProvider _timeProvider;

    public ControlCenterPageSource(HttpClient http, Uri baseUrl, CarrierCredentials credentials, int pageSize = MaxPageSize, TimeProvider? timeProvider = null, PageSourceStatistics? statistics = null)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(baseUrl);
        ArgumentNullException.ThrowIfNull(credentials);
        _baseUrl = CarrierHttp.BaseUrl(baseUrl, "Control Center");

        if (pageSize is < 1 or > MaxPageSize)
        {
            throw new ArgumentOutOfRangeException(nameof(pageSize), pageSize, $"The Control Center page size must be from 1 to {MaxPageSize}.");
        }

        _http = http;
        _authorization = credentials.ToBasicHeader();
        _pageSize = pageSize;
        _timeProvider = timeProvider ?? TimeProvider.System;
        Statistics = statistics ?? new PageSourceStatistics();
    }

    public PageSourceStatistics Statistics { get; }

    /// <summary>The cursor of the first page of devices modified since <paramref name="modifiedSince"/>.</summary>
    public static ControlCenterCursor StartCursor(DateTimeOffset modifiedSince) => new(modifiedSince, 1);

    /// <summary>The URL of the page at <paramref name="cursor"/>.</summary>
    public Uri GetPageUrl(ControlCenterCursor cursor)
    {
        var since = cursor.ModifiedSince.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        return new Uri(_baseUrl, string.Create(CultureInfo.InvariantCulture, $"rws/api/v1/devices?modifiedSince={Uri.EscapeDataString(since)}&pageSize={_pageSize}&pageNumber={cursor.PageNumber}"));
    }

    public async ValueTask<Page<ControlCenterCursor, CarrierSim>> FetchPageAsync(ControlCenterCursor cursor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(cursor);
        if (cursor.PageNumber < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(cursor), cursor.PageNumber, "A Control Center page number is 1 or more.");
        }

        var url = GetPageUrl(cursor);
        var response = await CarrierHttp.GetAsync(_http, url, _authorization, _timeProvider, Statistics, cancellationToken).ConfigureAwait(false);
        var answer = CarrierHttp.ReadJson(response, CarrierJsonContext.Default.ControlCenterAnswer, Statistics);

        if (answer?.ErrorCode is { } code)
        {
            throw ErrorFault(response, code, answer.ErrorMessage);
        }

        if (!response.IsSuccess)
        {
            throw CarrierHttp.StatusFault(response, string.Empty, Statistics);
        }

        if (answer is null)
        {
            throw Malformed(response, "the answer is JSON null");
        }

        if (answer.Devices is null)
        {
            throw Malformed(response, "the answer has no 'devices' array");
        }

        if (answer.LastPage is not { } lastPage)
        {
            throw Malformed(response, "the answer has no 'lastPage'");
        }

        if (answer.PageNumber is { } number && number != cursor.PageNumber)
        {
            throw Malformed(response, $"the answer is page {number}, not the page {cursor.PageNumber} that was asked for");
        }

        var items = new CarrierSim[answer.Devices.Count];
        for (var i = 0; i < items.Length; i++)
        {
            var device = answer.Devices[i];
            if (device is null || string.IsNullOrWhiteSpace(device.Iccid))
            {
                throw Malformed(response, $"device {i} has no 'iccid'");
            }

            items[i] = new CarrierSim(device.Iccid, CanonicalStatus(device.Status), device.RatePlan ?? string.Empty);
        }

        return lastPage
            ? Page.Last<ControlCenterCursor, CarrierSim>(items, cursor)
            : Page.More<ControlCenterCursor, CarrierSim>(items, cursor with { PageNumber = cursor.PageNumber + 1 });
    }

    /// <summary>Control Center's status names in the inventory's vocabulary.</summary>
    public static string CanonicalStatus(string? status) => status switch
    {
        "INVENTORY" => "new",
        "ACTIVATION_READY" => "ready",
        "ACTIVATED" => "active",
        "DEACTIVATED" => "inactive",
        null or "" => string.Empty,
        _ => status.ToLowerInvariant(),
    };

    private Exception ErrorFault(CarrierResponse response, string code, string? message)
    {
        var detail = $" (Control Center error {code}: {message ?? "no message"})";
        if (code == RateLimitExceededCode)
        {
            // Throttling, whatever status it came with.
            Statistics.OnThrottled();
            return new TransientFaultException($"GET {response.Url}: {response.Status}, rate limit exceeded{detail}", response.RetryAfter);
        }

        return CarrierHttp.ErrorFault(response, detail, code, "check the Control Center user name and API key", Statistics);
    }

    private static CarrierApiException Malformed(CarrierResponse response, string what) =>
        CarrierHttp.Malformed(response, "a Search Devices page", what);
}
