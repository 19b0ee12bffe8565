using System.Net;
using System.Text;
using Microsoft.Extensions.Time.Testing;
using ResumableJobs;
using SimInventorySync.Carriers;
using SimInventorySync.Carriers.ControlCenter;
using SimInventorySync.Tests.Support;

namespace SimInventorySync.Tests.PageSources;

public sealed class ControlCenterPageSourceTests
{
    private static readonly Uri BaseUrl = new("http://carrier.test/");
    private static readonly ControlCenterCursor Start = ControlCenterPageSource.StartCursor(new DateTimeOffset(2000, 1, 1, 0, 0, 0, TimeSpan.Zero));
    private const string FirstPageUrl = "http://carrier.test/rws/api/v1/devices?modifiedSince=2000-01-01T00%3A00%3A00Z&pageSize=50&pageNumber=1";
    private const string RateLimited = """{"errorCode":"40000029","errorMessage":"Rate Limit Exceeded"}""";

    private static string DevicesPage(int pageNumber, bool lastPage, params (string Iccid, string Status, string RatePlan)[] devices)
    {
        var items = string.Join(",", devices.Select(d => $$"""{"iccid":"{{d.Iccid}}","status":"{{d.Status}}","ratePlan":"{{d.RatePlan}}","communicationPlan":"LTE-M Data Only"}"""));
        return $$"""{"pageNumber":{{pageNumber}},"devices":[{{items}}],"lastPage":{{(lastPage ? "true" : "false")}}}""";
    }

    private static string OneDevicePage(int pageNumber, bool lastPage) =>
        DevicesPage(pageNumber, lastPage, ($"89014100000000000{pageNumber:D2}", "ACTIVATED", "IoT Flex 10MB"));

    private static ControlCenterPageSource Source(StubHttpHandler handler, TimeProvider? time = null) =>
        new(new HttpClient(handler), BaseUrl, new CarrierCredentials("user", "key"), timeProvider: time);

    private static ResumableJob<ControlCenterCursor> Job(ControlCenterPageSource source, IIdempotentSink<CarrierSim> sink, ResumableJobOptions? options = null) =>
        ResumableJob.Create("cc-test", source, sink, new InMemoryCheckpointStore(), Start, options ?? Fast.JobOptions(), new JsonCursorSerializer<ControlCenterCursor>(CursorJson.ControlCenter));

    [Fact]
    public async Task Reads_every_page_until_lastPage_with_basic_auth_and_maps_the_fields()
    {
        var handler = new StubHttpHandler()
            .Answer(HttpStatusCode.OK, DevicesPage(1, false, ("8901410000000000001", "ACTIVATED", "IoT Flex 10MB"), ("8901410000000000002", "INVENTORY", "IoT Pooled 1GB")))
            .Answer(HttpStatusCode.OK, DevicesPage(2, true, ("8901410000000000003", "ACTIVATION_READY", "IoT Flex 10MB"), ("8901410000000000004", "DEACTIVATED", "NB-IoT Meter 1MB"), ("8901410000000000005", "RETIRED", "IoT Flex 10MB")));
        var sink = new ListSink();

        var result = await Job(Source(handler), sink).RunAsync(TestContext.Current.CancellationToken);

        result.Outcome.Should().Be(JobOutcome.Completed);
        handler.RequestUris.Select(u => u.AbsoluteUri).Should().Equal(FirstPageUrl, FirstPageUrl.Replace("pageNumber=1", "pageNumber=2", StringComparison.Ordinal));
        handler.Requests.Should().OnlyContain(r => r.Headers.Authorization!.Scheme == "Basic" && r.Headers.Authorization.Parameter == Convert.ToBase64String(Encoding.UTF8.GetBytes("user:key")));
        sink.Sims.Values.Should().BeEquivalentTo(new[]
        {
            new CarrierSim("8901410000000000001", "active", "IoT Flex 10MB"),
            new CarrierSim("8901410000000000002", "new", "IoT Pooled 1GB"),
            new CarrierSim("8901410000000000003", "ready", "IoT Flex 10MB"),
            new CarrierSim("8901410000000000004", "inactive", "NB-IoT Meter 1MB"),
            new CarrierSim("8901410000000000005", "retired", "IoT Flex 10MB"),
        });
    }

    [Theory]
    [InlineData(HttpStatusCode.BadRequest)]
    [InlineData(HttpStatusCode.TooManyRequests)]
    [InlineData(HttpStatusCode.Forbidden)]
    [InlineData(HttpStatusCode.OK)]
    public async Task Error_code_40000029_is_throttling_whatever_the_status(HttpStatusCode status)
    {
        var handler = new StubHttpHandler().Answer(status, RateLimited);
        var source = Source(handler);

        var fetch = async () => await source.FetchPageAsync(Start, TestContext.Current.CancellationToken);

        var error = (await fetch.Should().ThrowExactlyAsync<TransientFaultException>()).Which;
        error.Message.Should().Contain(FirstPageUrl).And.Contain("40000029").And.Contain("rate limit exceeded");
        TransientFaults.IsTransient(error).Should().BeTrue();
        source.Statistics.Throttled.Should().Be(1);
    }

    [Fact]
    public async Task Throttled_answers_of_both_statuses_are_retried_until_the_page_comes()
    {
        var handler = new StubHttpHandler()
            .Answer(HttpStatusCode.BadRequest, RateLimited)
            .Answer(HttpStatusCode.TooManyRequests, RateLimited)
            .Answer(HttpStatusCode.OK, OneDevicePage(1, lastPage: true));
        var sink = new ListSink();
        var progress = new ProgressRecorder();

        var result = await Job(Source(handler), sink).RunAsync(progress, TestContext.Current.CancellationToken);

        result.Outcome.Should().Be(JobOutcome.Completed);
        handler.Requests.Should().HaveCount(3);
        sink.Sims.Should().ContainSingle();
        progress.Reports.Where(r => r.State == JobState.Retrying).Should().HaveCount(2)
            .And.OnlyContain(r => r.LastError!.Contains("40000029"));
    }

    [Fact]
    public async Task A_Retry_After_on_a_throttled_answer_sets_the_retry_delay()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        var handler = new StubHttpHandler()
            .Answer(HttpStatusCode.TooManyRequests, RateLimited, r => r.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(TimeSpan.FromSeconds(7)))
            .Answer(HttpStatusCode.OK, OneDevicePage(1, lastPage: true));
        var progress = new ProgressRecorder();
        var options = new ResumableJobOptions
        {
            TimeProvider = time,
            Retry = new RetryOptions { BaseDelay = TimeSpan.FromMilliseconds(1), MaxDelay = TimeSpan.FromMinutes(1), UseJitter = false },
        };

        var run = Job(Source(handler, time), new ListSink(), options).RunAsync(progress, TestContext.Current.CancellationToken);
        await FakeClock.AdvanceUntilDoneAsync(time, run);
        var result = await run;

        result.Outcome.Should().Be(JobOutcome.Completed);
        progress.Reports.Where(r => r.State == JobState.Retrying).Select(r => r.RetryDelay).Should().Equal(TimeSpan.FromSeconds(7));
    }

    [Fact]
    public async Task Unauthorized_is_fatal_names_the_page_and_is_not_retried()
    {
        var handler = new StubHttpHandler().Answer(HttpStatusCode.Unauthorized, """{"errorCode":"10000001","errorMessage":"Invalid apiKey or username"}""");

        var result = await Job(Source(handler), new ListSink()).RunAsync(TestContext.Current.CancellationToken);

        result.ShouldHaveFailedAfter(handler, requests: 1);
        var error = result.Error.Should().BeOfType<CarrierApiException>().Subject;
        error.PageUrl.AbsoluteUri.Should().Be(FirstPageUrl);
        error.StatusCode.Should().Be(401);
        error.Message.Should().Contain(FirstPageUrl).And.Contain("401").And.Contain("Invalid apiKey or username").And.Contain("user name and API key");
    }

    [Fact]
    public async Task Malformed_json_is_fatal_names_the_page_and_is_not_retried()
    {
        var handler = new StubHttpHandler().Answer(HttpStatusCode.OK, """{"pageNumber":1,"devices":[{"iccid":"89014""");

        var result = await Job(Source(handler), new ListSink()).RunAsync(TestContext.Current.CancellationToken);

        result.ShouldHaveFailedAfter(handler, requests: 1);
        result.Error.Should().BeOfType<CarrierApiException>()
            .Which.Message.Should().Contain(FirstPageUrl).And.Contain("not valid JSON");
    }

    [Theory]
    [InlineData("""{"pageNumber":1,"lastPage":true}""", "no 'devices' array")]
    [InlineData("""{"pageNumber":1,"devices":[]}""", "no 'lastPage'")]
    [InlineData("""{"pageNumber":1,"devices":[{"status":"ACTIVATED"}],"lastPage":true}""", "device 0 has no 'iccid'")]
    [InlineData("""{"pageNumber":3,"devices":[],"lastPage":true}""", "not the page 1")]
    [InlineData("null", "JSON null")]
    public async Task An_answer_that_is_not_a_devices_page_is_fatal_and_says_what_is_missing(string body, string reason)
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
            .Answer(HttpStatusCode.ServiceUnavailable, "<html>busy</html>")
            .Drop()
            .Answer(HttpStatusCode.ServiceUnavailable, """{"errorCode":"10000029","errorMessage":"Service is temporarily unavailable"}""")
            .Answer(HttpStatusCode.OK, OneDevicePage(1, lastPage: true));
        var source = Source(handler);

        var result = await Job(source, new ListSink()).RunAsync(TestContext.Current.CancellationToken);

        result.Outcome.Should().Be(JobOutcome.Completed);
        handler.Requests.Should().HaveCount(4);
        source.Statistics.TransientFaults.Should().Be(3);
        source.Statistics.Throttled.Should().Be(0);
    }

    [Fact]
    public async Task A_client_error_other_than_throttling_is_fatal()
    {
        var handler = new StubHttpHandler().Answer(HttpStatusCode.BadRequest, """{"errorCode":"10000003","errorMessage":"modifiedSince is invalid"}""");

        var result = await Job(Source(handler), new ListSink()).RunAsync(TestContext.Current.CancellationToken);

        result.ShouldHaveFailedAfter(handler, requests: 1);
        result.Error.Should().BeOfType<CarrierApiException>().Which.Message.Should().Contain("10000003").And.Contain(FirstPageUrl);
    }

    [Fact]
    public void The_cursor_survives_a_checkpoint_round_trip()
    {
        var serializer = new JsonCursorSerializer<ControlCenterCursor>(CursorJson.ControlCenter);
        var cursor = Start with { PageNumber = 17 };

        serializer.Deserialize(serializer.Serialize(cursor)).Should().Be(cursor);
    }
}
