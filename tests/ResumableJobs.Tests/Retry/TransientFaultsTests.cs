using System.Data.Common;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using Microsoft.Extensions.Time.Testing;

namespace ResumableJobs.Tests.Retry;

/// <summary>The default transient-vs-fatal classification and Retry-After parsing.</summary>
public sealed class TransientFaultsTests
{
    private static readonly FakeTimeProvider Clock = new(new DateTimeOffset(2030, 6, 1, 12, 0, 0, TimeSpan.Zero));

    public static TheoryData<string, Exception, bool> Classified() => new()
    {
        { "TransientFaultException", new TransientFaultException("busy"), true },
        { "TimeoutException", new TimeoutException(), true },
        { "SocketException", new SocketException((int)SocketError.ConnectionReset), true },
        { "IOException", new IOException("the network name is no longer available"), true },
        { "FileNotFoundException", new FileNotFoundException("missing", "x.json"), false },
        { "DirectoryNotFoundException", new DirectoryNotFoundException(), false },
        { "PathTooLongException", new PathTooLongException(), false },
        { "OperationCanceledException", new OperationCanceledException(), false },
        { "TaskCanceledException", new TaskCanceledException(), false },
        { "TaskCanceledException with TimeoutException inner (HttpClient timeout)", new TaskCanceledException("timeout", new TimeoutException()), true },
        { "HTTP 408", Http(HttpStatusCode.RequestTimeout), true },
        { "HTTP 429", Http(HttpStatusCode.TooManyRequests), true },
        { "HTTP 500", Http(HttpStatusCode.InternalServerError), true },
        { "HTTP 502", Http(HttpStatusCode.BadGateway), true },
        { "HTTP 503", Http(HttpStatusCode.ServiceUnavailable), true },
        { "HTTP 504", Http(HttpStatusCode.GatewayTimeout), true },
        { "HTTP 599", Http((HttpStatusCode)599), true },
        { "HTTP 400", Http(HttpStatusCode.BadRequest), false },
        { "HTTP 401", Http(HttpStatusCode.Unauthorized), false },
        { "HTTP 403", Http(HttpStatusCode.Forbidden), false },
        { "HTTP 404", Http(HttpStatusCode.NotFound), false },
        { "HTTP 409", Http(HttpStatusCode.Conflict), false },
        { "HTTP without a status (connection failure)", new HttpRequestException(HttpRequestError.ConnectionError, "refused"), true },
        { "HTTP TLS failure", new HttpRequestException(HttpRequestError.SecureConnectionError, "bad certificate"), false },
        { "HTTP authentication failure", new HttpRequestException(HttpRequestError.UserAuthenticationError, "denied"), false },
        { "DbException.IsTransient true (store busy)", new FakeDbException(transient: true), true },
        { "DbException.IsTransient false", new FakeDbException(transient: false), false },
        { "AggregateException of transients", new AggregateException(new TimeoutException(), new IOException()), true },
        { "AggregateException with a fatal inside", new AggregateException(new TimeoutException(), new InvalidOperationException()), false },
        { "empty AggregateException", new AggregateException(), false },
        { "the engine's own errors", new CursorNotAdvancingException("job", "1", "1"), false },
        { "CheckpointCorruptException", new CheckpointCorruptException("job", "store", "empty"), false },
        { "InvalidOperationException", new InvalidOperationException(), false },
        { "ArgumentException", new ArgumentException("bad"), false },
    };

    [Theory]
    [MemberData(nameof(Classified))]
    public void The_default_predicate_classifies_faults(string what, Exception error, bool transient)
    {
        TransientFaults.IsTransient(error).Should().Be(transient, what);
    }

    [Fact]
    public void The_default_predicate_rejects_null()
    {
        var act = () => TransientFaults.IsTransient((Exception)null!);

        act.Should().Throw<ArgumentNullException>();
    }

    [Fact]
    public void Retry_After_as_a_delta_is_read_from_a_real_response()
    {
        using var response = new HttpResponseMessage(HttpStatusCode.TooManyRequests);
        response.Headers.RetryAfter = new RetryConditionHeaderValue(TimeSpan.FromSeconds(120));

        TransientFaults.GetRetryAfter(response, Clock).Should().Be(TimeSpan.FromSeconds(120));
    }

    [Fact]
    public void Retry_After_as_an_HTTP_date_is_read_against_the_injected_clock()
    {
        using var response = new HttpResponseMessage(HttpStatusCode.ServiceUnavailable);
        response.Headers.TryAddWithoutValidation("Retry-After", Clock.GetUtcNow().AddSeconds(90).ToString("r", CultureInfo.InvariantCulture)).Should().BeTrue();

        TransientFaults.GetRetryAfter(response, Clock).Should().Be(TimeSpan.FromSeconds(90));
    }

    [Fact]
    public void A_Retry_After_date_in_the_past_is_zero_and_a_missing_one_is_null()
    {
        using var past = new HttpResponseMessage(HttpStatusCode.ServiceUnavailable);
        past.Headers.RetryAfter = new RetryConditionHeaderValue(Clock.GetUtcNow().AddMinutes(-5));
        using var none = new HttpResponseMessage(HttpStatusCode.ServiceUnavailable);

        TransientFaults.GetRetryAfter(past, Clock).Should().Be(TimeSpan.Zero);
        TransientFaults.GetRetryAfter(none, Clock).Should().BeNull();
    }

    [Fact]
    public void ThrowIfFailed_lets_a_success_through()
    {
        using var response = new HttpResponseMessage(HttpStatusCode.OK);

        var act = () => TransientFaults.ThrowIfFailed(response, Clock);

        act.Should().NotThrow();
    }

    [Fact]
    public void ThrowIfFailed_turns_a_transient_status_into_a_retryable_fault_carrying_its_Retry_After()
    {
        using var response = new HttpResponseMessage(HttpStatusCode.ServiceUnavailable)
        {
            RequestMessage = new HttpRequestMessage(HttpMethod.Get, "https://carrier.example/sims?page=7"),
            ReasonPhrase = "Service Unavailable",
        };
        response.Headers.RetryAfter = new RetryConditionHeaderValue(Clock.GetUtcNow().AddSeconds(45));

        var act = () => TransientFaults.ThrowIfFailed(response, Clock);

        var error = act.Should().Throw<TransientFaultException>().Which;
        error.RetryAfter.Should().Be(TimeSpan.FromSeconds(45));
        error.Message.Should().Contain("GET").And.Contain("https://carrier.example/sims?page=7").And.Contain("503");
        error.InnerException.Should().BeOfType<HttpRequestException>().Which.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
        TransientFaults.IsTransient(error).Should().BeTrue();
        TransientFaults.GetRetryAfter(error, Clock).Should().Be(TimeSpan.FromSeconds(45));
    }

    [Fact]
    public void ThrowIfFailed_turns_a_fatal_status_into_an_HttpRequestException_that_is_not_retried()
    {
        using var response = new HttpResponseMessage(HttpStatusCode.NotFound)
        {
            RequestMessage = new HttpRequestMessage(HttpMethod.Get, "https://carrier.example/sims/42"),
        };

        var act = () => TransientFaults.ThrowIfFailed(response, Clock);

        var error = act.Should().Throw<HttpRequestException>().Which;
        error.StatusCode.Should().Be(HttpStatusCode.NotFound);
        error.Message.Should().Contain("404");
        TransientFaults.IsTransient(error).Should().BeFalse();
    }

    public static TheoryData<string, object, TimeSpan?> DataValues() => new()
    {
        { "seconds as text", "30", TimeSpan.FromSeconds(30) },
        { "seconds with spaces", " 30 ", TimeSpan.FromSeconds(30) },
        { "an HTTP date", Clock.GetUtcNow().AddSeconds(75).ToString("r", CultureInfo.InvariantCulture), TimeSpan.FromSeconds(75) },
        { "a past HTTP date", Clock.GetUtcNow().AddSeconds(-75).ToString("r", CultureInfo.InvariantCulture), TimeSpan.Zero },
        { "a TimeSpan", TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(4) },
        { "a negative TimeSpan", TimeSpan.FromSeconds(-4), TimeSpan.Zero },
        { "a DateTimeOffset", Clock.GetUtcNow().AddMinutes(2), TimeSpan.FromMinutes(2) },
        { "a huge number of seconds (clamped to a day)", "99999999999", TimeSpan.FromDays(1) },
        { "garbage", "soon", null },
        { "a negative number", "-5", null },
        { "an unknown type", 42, null },
    };

    [Theory]
    [MemberData(nameof(DataValues))]
    public void Retry_After_is_read_from_exception_data(string what, object value, TimeSpan? expected)
    {
        var error = new HttpRequestException("throttled", null, HttpStatusCode.TooManyRequests);
        error.Data[TransientFaults.RetryAfterDataKey] = value;

        TransientFaults.GetRetryAfter(error, Clock).Should().Be(expected, what);
        TransientFaults.GetRetryAfter(new IOException("outer", error), Clock).Should().Be(expected, "{0}, on an inner exception", what);
    }

    [Fact]
    public void Our_exception_carries_its_Retry_After_and_rejects_a_negative_one()
    {
        TransientFaults.GetRetryAfter(new TransientFaultException("busy", TimeSpan.FromSeconds(3)), Clock).Should().Be(TimeSpan.FromSeconds(3));
        TransientFaults.GetRetryAfter(new TransientFaultException("busy"), Clock).Should().BeNull();
        var act = () => new TransientFaultException("busy", TimeSpan.FromSeconds(-1));
        act.Should().Throw<ArgumentOutOfRangeException>().WithParameterName("retryAfter");
    }

    private static HttpRequestException Http(HttpStatusCode status) => new($"status {(int)status}", null, status);

    private sealed class FakeDbException(bool transient) : DbException("database is locked")
    {
        public override bool IsTransient => transient;
    }
}
