using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
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
        if (!baseUrl.IsAbsoluteUri)
        {
            throw new ArgumentException($"The Control Center base URL '{baseUrl}' must be absolute.", nameof(baseUrl));
        }

        if (pageSize is < 1 or > MaxPageSize)
        {
            throw new ArgumentOutOfRangeException(nameof(pageSize), pageSize, $"The Control Center page size must be from 1 to {MaxPageSize}.");
        }

        _http = http;
        _baseUrl = baseUrl.AbsoluteUri.EndsWith('/') ? baseUrl : new Uri(baseUrl.AbsoluteUri + "/");
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
        var answer = Parse(response);

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

    private ControlCenterAnswer? Parse(CarrierResponse response)
    {
        try
        {
            return JsonSerializer.Deserialize(response.Body, CarrierJsonContext.Default.ControlCenterAnswer);
        }
        catch (JsonException ex)
        {
            if (!response.IsSuccess)
            {
                // An error page in HTML from a proxy: the status decides.
                throw CarrierHttp.StatusFault(response, " (the answer is not JSON)", Statistics);
            }

            throw new CarrierApiException(response.Url, $"GET {response.Url}: {response.Status}, but the answer is not valid JSON: {ex.Message}", response.StatusCode, innerException: ex);
        }
    }

    private Exception ErrorFault(CarrierResponse response, string code, string? message)
    {
        var detail = $" (Control Center error {code}: {message ?? "no message"})";
        if (code == RateLimitExceededCode)
        {
            // Throttling, whatever status it came with.
            Statistics.OnThrottled();
            return new TransientFaultException($"GET {response.Url}: {response.Status}, rate limit exceeded{detail}", response.RetryAfter);
        }

        if (response.StatusCode is 401 or 403)
        {
            return new CarrierApiException(response.Url, $"GET {response.Url}: {response.Status}{detail}; check the Control Center user name and API key", response.StatusCode, code);
        }

        return response.IsSuccess
            ? new CarrierApiException(response.Url, $"GET {response.Url}: {response.Status}, but the answer is an error{detail}", response.StatusCode, code)
            : CarrierHttp.StatusFault(response, detail, Statistics);
    }

    private static CarrierApiException Malformed(CarrierResponse response, string what) =>
        new(response.Url, $"GET {response.Url}: {response.Status}, but the answer is not a Search Devices page: {what}", response.StatusCode);
}
