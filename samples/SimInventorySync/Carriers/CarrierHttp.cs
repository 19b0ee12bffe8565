using System.Net;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using ResumableJobs;

namespace SimInventorySync.Carriers;

/// <summary>
/// Sends one GET to a carrier and reads the answer whole. Network faults and timeouts become
/// <see cref="TransientFaultException"/> (retried), other transport failures <see cref="CarrierApiException"/>
/// (fatal); both name the page. Also the answer handling the carriers' page sources share.
/// </summary>
internal static class CarrierHttp
{
    /// <summary>
    /// A carrier's base URL, checked absolute and ending in '/' so that relative page paths resolve below it.
    /// </summary>
    public static Uri BaseUrl(Uri baseUrl, string carrierName, [CallerArgumentExpression(nameof(baseUrl))] string? paramName = null)
    {
        if (!baseUrl.IsAbsoluteUri)
        {
            throw new ArgumentException($"The {carrierName} base URL '{baseUrl}' must be absolute.", paramName);
        }

        return baseUrl.AbsoluteUri.EndsWith('/') ? baseUrl : new Uri(baseUrl.AbsoluteUri + "/");
    }

    /// <summary>
    /// The answer's JSON. A body that is not JSON is fatal on a success status; on a failed one (an error page in HTML
    /// from a proxy) the status decides, except that <paramref name="statusWithoutJson"/> gives null for the caller to decide.
    /// </summary>
    public static T? ReadJson<T>(CarrierResponse response, JsonTypeInfo<T> typeInfo, PageSourceStatistics statistics, int? statusWithoutJson = null)
    {
        try
        {
            return JsonSerializer.Deserialize(response.Body, typeInfo);
        }
        catch (JsonException ex)
        {
            if (!response.IsSuccess)
            {
                if (response.StatusCode == statusWithoutJson)
                {
                    return default;
                }

                throw StatusFault(response, " (the answer is not JSON)", statistics);
            }

            throw new CarrierApiException(response.Url, $"GET {response.Url}: {response.Status}, but the answer is not valid JSON: {ex.Message}", response.StatusCode, innerException: ex);
        }
    }

    /// <summary>
    /// The fault for an answer that carries a carrier error (<paramref name="detail"/>, code <paramref name="errorCode"/>)
    /// other than throttling: fatal with <paramref name="credentialsHint"/> for 401 and 403, fatal for a success status,
    /// otherwise as the status says.
    /// </summary>
    public static Exception ErrorFault(CarrierResponse response, string detail, string? errorCode, string credentialsHint, PageSourceStatistics statistics)
    {
        if (response.StatusCode is 401 or 403)
        {
            return new CarrierApiException(response.Url, $"GET {response.Url}: {response.Status}{detail}; {credentialsHint}", response.StatusCode, errorCode);
        }

        return response.IsSuccess
            ? new CarrierApiException(response.Url, $"GET {response.Url}: {response.Status}, but the answer is an error{detail}", response.StatusCode, errorCode)
            : StatusFault(response, detail, statistics);
    }

    /// <summary>The fatal fault for an answer that is JSON but not <paramref name="expected"/>, saying <paramref name="what"/> is wrong.</summary>
    public static CarrierApiException Malformed(CarrierResponse response, string expected, string what) =>
        new(response.Url, $"GET {response.Url}: {response.Status}, but the answer is not {expected}: {what}", response.StatusCode);

    public static async Task<CarrierResponse> GetAsync(
        HttpClient client,
        Uri url,
        AuthenticationHeaderValue authorization,
        TimeProvider timeProvider,
        PageSourceStatistics statistics,
        CancellationToken cancellationToken)
    {
        statistics.OnRequest();
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Authorization = authorization;
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        try
        {
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
            var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            return new CarrierResponse(url, (int)response.StatusCode, response.ReasonPhrase, TransientFaults.GetRetryAfter(response, timeProvider), body);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (TaskCanceledException ex)
        {
            // Not our token: HttpClient.Timeout expired.
            statistics.OnTransientFault();
            throw new TransientFaultException($"GET {url} timed out after {client.Timeout.TotalSeconds:0.#} s", null, ex);
        }
        catch (HttpRequestException ex) when (TransientFaults.IsTransient(ex))
        {
            statistics.OnTransientFault();
            throw new TransientFaultException($"GET {url} failed: {Describe(ex)}", null, ex);
        }
        catch (HttpRequestException ex)
        {
            throw new CarrierApiException(url, $"GET {url} failed: {Describe(ex)}", innerException: ex);
        }
        catch (IOException ex)
        {
            statistics.OnTransientFault();
            throw new TransientFaultException($"GET {url} failed while reading the answer: {Describe(ex)}", null, ex);
        }
    }

    /// <summary>Whether an error means the carrier could not be reached at all (refused, unknown host).</summary>
    public static bool IsUnreachable(Exception error)
    {
        for (var current = error; current is not null; current = current.InnerException)
        {
            if (current is HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError })
            {
                return true;
            }
        }

        return false;
    }

    private static string Describe(Exception ex)
    {
        var innermost = ex;
        while (innermost.InnerException is not null)
        {
            innermost = innermost.InnerException;
        }

        return ReferenceEquals(innermost, ex) || ex.Message.Contains(innermost.Message, StringComparison.Ordinal)
            ? ex.Message
            : $"{ex.Message} ({innermost.Message})";
    }

    /// <summary>The fault for an answer whose status failed: transient for 408, 429 and 5xx, otherwise fatal.</summary>
    public static Exception StatusFault(CarrierResponse response, string detail, PageSourceStatistics statistics)
    {
        var message = $"GET {response.Url}: {response.Status}{detail}";
        if (TransientFaults.IsTransient((HttpStatusCode)response.StatusCode))
        {
            statistics.OnTransientFault();
            return new TransientFaultException(message, response.RetryAfter);
        }

        return new CarrierApiException(response.Url, message, response.StatusCode);
    }
}
