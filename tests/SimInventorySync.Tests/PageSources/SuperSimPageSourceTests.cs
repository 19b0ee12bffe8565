using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.Time.Testing;
using ResumableJobs;
using SimInventorySync.Carriers;
using SimInventorySync.Carriers.SuperSim;
using SimInventorySync.Tests.Support;

namespace SimInventorySync.Tests.PageSources;

public sealed class SuperSimPageSourceTests
{
    private static readonly Uri BaseUrl = new("http://carrier.test/");
    private const string FirstPageUrl = "http://carrier.test/v1/Sims?PageSize=1000";
    private const string SecondPageUrl = "http://carrier.test/v1/Sims?PageSize=1000&Page=1&PageToken=PAHS0123456789abcdef0123456789abcdef";
    private const string TooManyRequests = """{"code":20429,"message":"Too Many Requests","more_info":"https://www.twilio.com/docs/errors/20429","status":429}""";

    private static string SimsPage(string url, string? nextPageUrl, params (string Iccid, string Status, string FleetSid)[] sims)
    {
        var items = string.Join(",", sims.Select(s => $$"""
            {"sid":"HS{{s.Iccid}}","account_sid":"AC1","unique_name":"sim","status":"{{s.Status}}","fleet_sid":"{{s.FleetSid}}","iccid":"{{s.Iccid}}","date_created":"2024-01-01T00:00:00Z","date_updated":"2024-01-02T00:00:00Z","url":"http://carrier.test/v1/Sims/HS{{s.Iccid}}"}
            """));
        var next = nextPageUrl is null ? "null" : $"\"{nextPageUrl}\"";
        return $$$"""{"sims":[{{{items}}}],"meta":{"page":0,"page_size":1000,"first_page_url":"{{{FirstPageUrl}}}&Page=0","previous_page_url":null,"next_page_url":{{{next}}},"url":"{{{url}}}","key":"sims"}}""";
    }

    private static string OneSimPage(string url, string? next, string iccid = "8901410000000000001") => SimsPage(url, next, (iccid, "active", "HF1"));

    private static SuperSimPageSource Source(StubHttpHandler handler, Uri? baseUrl = null, TimeProvider? time = null) =>
        new(new HttpClient(handler), baseUrl ?? BaseUrl, new CarrierCredentials("AC1", "token"), time);

    private static ResumableJob<SuperSimCursor> Job(SuperSimPageSource source, IIdempotentSink<CarrierSim> sink, ResumableJobOptions? options = null) =>
        ResumableJob.Create("supersim-test", source, sink, new InMemoryCheckpointStore(), source.StartCursor(), options ?? Fast.JobOptions(), new JsonCursorSerializer<SuperSimCursor>(CursorJson.SuperSim));

    private static void RetryAfter(HttpResponseMessage response, int seconds) =>
        response.Headers.RetryAfter = new RetryConditionHeaderValue(TimeSpan.FromSeconds(seconds));

    [Fact]
    public async Task Follows_next_page_url_exactly_as_given_until_it_is_null()
    {
        var handler = new StubHttpHandler()
            .Answer(HttpStatusCode.OK, SimsPage(FirstPageUrl, SecondPageUrl, ("8901410000000000001", "active", "HFaaa"), ("8901410000000000002", "new", "HFbbb")))
            .Answer(HttpStatusCode.OK, SimsPage(SecondPageUrl, null, ("8901410000000000003", "inactive", "HFaaa")));
        var sink = new ListSink();

        var result = await Job(Source(handler), sink).RunAsync(TestContext.Current.CancellationToken);

        result.Outcome.Should().Be(JobOutcome.Completed);
        handler.RequestUris.Select(u => u.AbsoluteUri).Should().Equal(FirstPageUrl, SecondPageUrl);
        sink.Sims.Values.Should().BeEquivalentTo(new[]
        {
            new CarrierSim("8901410000000000001", "active", "HFaaa"),
            new CarrierSim("8901410000000000002", "new", "HFbbb"),
            new CarrierSim("8901410000000000003", "inactive", "HFaaa"),
        });
    }

    [Fact]
    public async Task Throttling_is_a_transient_fault_that_carries_the_Retry_After()
    {
        var handler = new StubHttpHandler().Answer(HttpStatusCode.TooManyRequests, TooManyRequests, r => RetryAfter(r, 3));
        var source = Source(handler);

        var fetch = async () => await source.FetchPageAsync(source.StartCursor(), TestContext.Current.CancellationToken);

        var error = (await fetch.Should().ThrowExactlyAsync<TransientFaultException>()).Which;
        error.RetryAfter.Should().Be(TimeSpan.FromSeconds(3));
        error.Message.Should().Contain(FirstPageUrl).And.Contain("20429").And.Contain("Retry-After 3 s");
        source.Statistics.Throttled.Should().Be(1);
    }

    [Fact]
    public async Task Throttling_without_a_Retry_After_is_transient_with_none()
    {
        var handler = new StubHttpHandler().Answer(HttpStatusCode.TooManyRequests, TooManyRequests);
        var source = Source(handler);

        var fetch = async () => await source.FetchPageAsync(source.StartCursor(), TestContext.Current.CancellationToken);

        (await fetch.Should().ThrowExactlyAsync<TransientFaultException>()).Which.RetryAfter.Should().BeNull();
    }

    [Fact]
    public async Task Error_code_20429_is_throttling_even_with_another_status()
    {
        var handler = new StubHttpHandler().Answer(HttpStatusCode.ServiceUnavailable, TooManyRequests);
        var source = Source(handler);

        var fetch = async () => await source.FetchPageAsync(source.StartCursor(), TestContext.Current.CancellationToken);

        await fetch.Should().ThrowExactlyAsync<TransientFaultException>();
        source.Statistics.Throttled.Should().Be(1);
    }

    [Fact]
    public async Task The_job_waits_the_Retry_After_the_carrier_asked_for()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        var handler = new StubHttpHandler()
            .Answer(HttpStatusCode.TooManyRequests, TooManyRequests, r => RetryAfter(r, 3))
            .Answer(HttpStatusCode.TooManyRequests, "Too Many Requests")
            .Answer(HttpStatusCode.OK, OneSimPage(FirstPageUrl, null));
        var progress = new ProgressRecorder();
        var options = new ResumableJobOptions
        {
            TimeProvider = time,
            Retry = new RetryOptions { BaseDelay = TimeSpan.FromMilliseconds(100), MaxDelay = TimeSpan.FromMinutes(1), UseJitter = false },
        };

        var run = Job(Source(handler, time: time), new ListSink(), options).RunAsync(progress, TestContext.Current.CancellationToken);
        await FakeClock.AdvanceUntilDoneAsync(time, run);
        var result = await run;

        result.Outcome.Should().Be(JobOutcome.Completed);
        // The first wait is the carrier's 3 s; the second, without a Retry-After, is the backoff's 2^1 × 100 ms.
        progress.Reports.Where(r => r.State == JobState.Retrying).Select(r => r.RetryDelay)
            .Should().Equal(TimeSpan.FromSeconds(3), TimeSpan.FromMilliseconds(200));
    }

    [Fact]
    public async Task A_next_page_url_that_repeats_fails_the_job_as_a_cursor_that_does_not_advance()
    {
        var handler = new StubHttpHandler().Answer(HttpStatusCode.OK, OneSimPage(FirstPageUrl, FirstPageUrl));

        var result = await Job(Source(handler), new ListSink()).RunAsync(TestContext.Current.CancellationToken);

        result.ShouldHaveFailedAfter(handler, requests: 1);
        result.Error.Should().BeOfType<CursorNotAdvancingException>()
            .Which.Message.Should().Contain("/v1/Sims?PageSize=1000").And.Contain("loop forever");
    }

    [Fact]
    public async Task A_next_page_url_that_cycles_back_fails_the_job()
    {
        var handler = new StubHttpHandler()
            .Answer(HttpStatusCode.OK, OneSimPage(FirstPageUrl, SecondPageUrl, "8901410000000000001"))
            .Answer(HttpStatusCode.OK, OneSimPage(SecondPageUrl, FirstPageUrl, "8901410000000000002"));

        var result = await Job(Source(handler), new ListSink()).RunAsync(TestContext.Current.CancellationToken);

        result.ShouldHaveFailedAfter(handler, requests: 2);
        result.Error.Should().BeOfType<CursorNotAdvancingException>();
    }

    [Fact]
    public async Task Unauthorized_is_fatal_names_the_page_and_is_not_retried()
    {
        var handler = new StubHttpHandler().Answer(HttpStatusCode.Unauthorized, """{"code":20003,"message":"Authenticate","more_info":"https://www.twilio.com/docs/errors/20003","status":401}""");

        var result = await Job(Source(handler), new ListSink()).RunAsync(TestContext.Current.CancellationToken);

        result.ShouldHaveFailedAfter(handler, requests: 1);
        var error = result.Error.Should().BeOfType<CarrierApiException>().Subject;
        error.StatusCode.Should().Be(401);
        error.ErrorCode.Should().Be("20003");
        error.Message.Should().Contain(FirstPageUrl).And.Contain("Authenticate").And.Contain("account sid and auth token");
    }

    [Fact]
    public async Task Malformed_json_is_fatal_names_the_page_and_is_not_retried()
    {
        var handler = new StubHttpHandler()
            .Answer(HttpStatusCode.OK, OneSimPage(FirstPageUrl, SecondPageUrl))
            .Answer(HttpStatusCode.OK, """{"sims":[{"sid":"HS1",""");

        var result = await Job(Source(handler), new ListSink()).RunAsync(TestContext.Current.CancellationToken);

        result.ShouldHaveFailedAfter(handler, requests: 2);
        result.TotalPages.Should().Be(1, "the first page was applied and checkpointed before the bad one");
        result.Error.Should().BeOfType<CarrierApiException>()
            .Which.Message.Should().Contain(SecondPageUrl).And.Contain("not valid JSON");
    }

    [Theory]
    [InlineData("""{"meta":{"next_page_url":null,"key":"sims"}}""", "no 'sims' array")]
    [InlineData("""{"sims":[]}""", "no 'meta'")]
    [InlineData("""{"sims":[],"meta":{"next_page_url":null,"key":"fleets"}}""", "'meta.key' is 'fleets'")]
    [InlineData("""{"sims":[{"sid":"HS1"}],"meta":{"next_page_url":null,"key":"sims"}}""", "sim 0 has no 'iccid'")]
    [InlineData("""{"sims":[],"meta":{"next_page_url":"/v1/Sims?Page=1","key":"sims"}}""", "not an absolute http(s) URL")]
    [InlineData("""{"sims":[],"meta":{"next_page_url":"http://elsewhere.test/v1/Sims?Page=1","key":"sims"}}""", "another origin")]
    public async Task An_answer_that_is_not_a_sims_page_is_fatal_and_says_what_is_wrong(string body, string reason)
    {
        var handler = new StubHttpHandler().Answer(HttpStatusCode.OK, body);

        var result = await Job(Source(handler), new ListSink()).RunAsync(TestContext.Current.CancellationToken);

        result.ShouldHaveFailedAfter(handler, requests: 1);
        result.Error!.Message.Should().Contain(FirstPageUrl).And.Contain(reason);
    }

    [Fact]
    public async Task Service_unavailable_and_dropped_connections_are_retried()
    {
        var handler = new StubHttpHandler()
            .Answer(HttpStatusCode.ServiceUnavailable, """{"code":20503,"message":"Service Unavailable","more_info":"","status":503}""")
            .Drop()
            .Answer(HttpStatusCode.OK, OneSimPage(FirstPageUrl, null));
        var source = Source(handler);

        var result = await Job(source, new ListSink()).RunAsync(TestContext.Current.CancellationToken);

        result.Outcome.Should().Be(JobOutcome.Completed);
        handler.Requests.Should().HaveCount(3);
        source.Statistics.TransientFaults.Should().Be(2);
    }

    [Fact]
    public async Task A_checkpointed_cursor_resumes_against_the_carrier_at_another_address()
    {
        var handler = new StubHttpHandler().Answer(HttpStatusCode.OK, OneSimPage("http://moved.test:8080/v1/Sims", null));
        var source = Source(handler, new Uri("http://moved.test:8080/"));
        var serializer = new JsonCursorSerializer<SuperSimCursor>(CursorJson.SuperSim);
        var cursor = serializer.Deserialize(serializer.Serialize(new SuperSimCursor(new Uri(SecondPageUrl).PathAndQuery)));

        await source.FetchPageAsync(cursor, TestContext.Current.CancellationToken);

        handler.RequestUris.Single().AbsoluteUri.Should().Be("http://moved.test:8080/v1/Sims?PageSize=1000&Page=1&PageToken=PAHS0123456789abcdef0123456789abcdef");
    }
}
