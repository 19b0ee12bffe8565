using System.Net;
using System.Net.Http.Headers;
using ResumableJobs;

namespace SimInventorySync.Carriers;

/// <summary>
/// Sends one GET to a carrier and reads the answer whole. Network faults and timeouts become
/// <see cref="TransientFaultException"/> (retried), other transport failures <see cref="CarrierApiException"/>
/// (fatal); both name the page.
/// </summary>
internal static class CarrierHttp
{
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
