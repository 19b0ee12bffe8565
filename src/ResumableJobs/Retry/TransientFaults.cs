using System.Data.Common;
using System.Globalization;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;

namespace ResumableJobs;

/// <summary>The default classification of faults as transient (worth retrying) or fatal, and Retry-After parsing.</summary>
public static class TransientFaults
{
    /// <summary>The <see cref="Exception.Data"/> key under which an exception may carry a Retry-After
    /// (a <see cref="TimeSpan"/>, a <see cref="DateTimeOffset"/>, or the header's text).</summary>
    public const string RetryAfterDataKey = "Retry-After";

    /// <summary>
    /// The default predicate: <see cref="TransientFaultException"/>, <see cref="TimeoutException"/> (also an
    /// HttpClient timeout), I/O and socket faults (not a missing file or folder), <see cref="HttpRequestException"/>
    /// with status 408, 429 or 5xx or without a status (connection failure, but not a TLS or authentication
    /// failure), and <see cref="DbException"/> whose <c>IsTransient</c> is true (store "busy" errors). Everything
    /// else, cancellation and the engine's own errors included, is fatal.
    /// </summary>
    /// <param name="exception">The error.</param>
    /// <returns><see langword="true"/> when the error is transient.</returns>
    public static bool IsTransient(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        switch (exception)
        {
            case TransientFaultException:
            case TimeoutException:
            case SocketException:
                return true;
            case TaskCanceledException { InnerException: TimeoutException }:
                // HttpClient reports its own timeout this way; a cancellation asked for by the job never is.
                return true;
            case OperationCanceledException:
            case ResumableJobException:
                return false;
            case HttpRequestException http:
                return IsTransient(http);
            case FileNotFoundException or DirectoryNotFoundException or PathTooLongException or DriveNotFoundException:
                return false;
            case IOException:
                return true;
            case DbException db:
                return db.IsTransient;
            case AggregateException aggregate:
                var inner = aggregate.Flatten().InnerExceptions;
                return inner.Count > 0 && inner.All(IsTransient);
            default:
                return false;
        }
    }

    /// <summary>Whether an HTTP status code is transient: 408, 429, or 5xx.</summary>
    /// <param name="statusCode">The status code.</param>
    /// <returns><see langword="true"/> when transient.</returns>
    public static bool IsTransient(HttpStatusCode statusCode) =>
        statusCode is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests || (int)statusCode is >= 500 and <= 599;

    /// <summary>
    /// The delay a server asked for before the next attempt, from <see cref="TransientFaultException.RetryAfter"/>
    /// or from <see cref="RetryAfterDataKey"/> in the exception's data (searched through inner exceptions).
    /// </summary>
    /// <param name="exception">The error.</param>
    /// <param name="timeProvider">The clock that turns an HTTP date into a delay.</param>
    /// <returns>The delay, or <see langword="null"/> when none was asked for.</returns>
    public static TimeSpan? GetRetryAfter(Exception exception, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(exception);
        ArgumentNullException.ThrowIfNull(timeProvider);
        for (var current = exception; current is not null; current = current.InnerException)
        {
            if (current is TransientFaultException { RetryAfter: { } asked })
            {
                return asked;
            }

            if (current.Data.Contains(RetryAfterDataKey))
            {
                var value = current.Data[RetryAfterDataKey];
                var parsed = value switch
                {
                    TimeSpan delay => delay,
                    DateTimeOffset at => at - timeProvider.GetUtcNow(),
                    string text => ParseRetryAfter(text, timeProvider),
                    _ => null,
                };
                if (parsed is { } found)
                {
                    return found < TimeSpan.Zero ? TimeSpan.Zero : found;
                }
            }
        }

        return null;
    }

    /// <summary>Reads the Retry-After header of a response (seconds or an HTTP date).</summary>
    /// <param name="response">The response.</param>
    /// <param name="timeProvider">The clock that turns an HTTP date into a delay.</param>
    /// <returns>The delay, never negative, or <see langword="null"/> when the header is absent.</returns>
    public static TimeSpan? GetRetryAfter(HttpResponseMessage response, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(response);
        ArgumentNullException.ThrowIfNull(timeProvider);
        var header = response.Headers.RetryAfter;
        TimeSpan? delay = header?.Delta ?? (header?.Date is { } at ? at - timeProvider.GetUtcNow() : null);
        return delay is { } d && d < TimeSpan.Zero ? TimeSpan.Zero : delay;
    }

    /// <summary>
    /// Throws when a response failed: a <see cref="TransientFaultException"/> carrying its Retry-After for a
    /// transient status (408, 429, 5xx), otherwise an <see cref="HttpRequestException"/> with its status.
    /// </summary>
    /// <param name="response">The response.</param>
    /// <param name="timeProvider">The clock that turns an HTTP date into a delay, or <see langword="null"/> for the system clock.</param>
    /// <exception cref="TransientFaultException">The status is transient.</exception>
    /// <exception cref="HttpRequestException">The status is a fatal failure.</exception>
    public static void ThrowIfFailed(HttpResponseMessage response, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(response);
        if (response.IsSuccessStatusCode)
        {
            return;
        }

        var what = $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri} answered {(int)response.StatusCode} {response.ReasonPhrase}";
        var inner = new HttpRequestException(what, null, response.StatusCode);
        if (IsTransient(response.StatusCode))
        {
            throw new TransientFaultException(what, GetRetryAfter(response, timeProvider ?? TimeProvider.System), inner);
        }

        throw inner;
    }

    private static bool IsTransient(HttpRequestException exception)
    {
        if (exception.StatusCode is { } status)
        {
            return IsTransient(status);
        }

#if NET8_0_OR_GREATER
        if (exception.HttpRequestError is HttpRequestError.SecureConnectionError
            or HttpRequestError.UserAuthenticationError
            or HttpRequestError.ConfigurationLimitExceeded
            or HttpRequestError.VersionNegotiationError)
        {
            return false;
        }
#endif
        return true;
    }

    private static TimeSpan? ParseRetryAfter(string text, TimeProvider timeProvider)
    {
        text = text.Trim();
        if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            return TimeSpan.FromSeconds(Math.Min(seconds, (long)TimeSpan.FromDays(1).TotalSeconds));
        }

        if (DateTimeOffset.TryParseExact(text, "r", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
        {
            return at - timeProvider.GetUtcNow();
        }

        return null;
    }
}
