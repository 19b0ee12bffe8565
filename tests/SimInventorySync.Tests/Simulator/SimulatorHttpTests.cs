using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using CarrierSimulator;
using Microsoft.Extensions.Time.Testing;

namespace SimInventorySync.Tests.Simulator;

public sealed class SimulatorHttpTests
{
    private static CarrierSimulatorOptions Options(int sims, int rate = 0, TimeProvider? time = null) => new()
    {
        SimCount = sims,
        Seed = 3,
        RequestsPerSecond = rate,
        ServiceUnavailableRate = 0,
        SlowAnswerRate = 0,
        DroppedConnectionRate = 0,
        TimeProvider = time ?? TimeProvider.System,
    };

    private static HttpClient Client(CarrierSimulatorHost host, string user, string secret)
    {
        var client = new HttpClient { BaseAddress = host.BaseUrl };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{secret}")));
        return client;
    }

    private static HttpClient ControlCenter(CarrierSimulatorHost host) => Client(host, host.Options.ControlCenterUserName, host.Options.ControlCenterApiKey);

    private static HttpClient SuperSim(CarrierSimulatorHost host) => Client(host, host.Options.SuperSimAccountSid, host.Options.SuperSimAuthToken);

    [Fact]
    public async Task Control_center_serves_every_device_once_oldest_modification_first_in_pages_of_at_most_50()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var host = await CarrierSimulatorHost.StartAsync(Options(sims: 120), ct);
        using var client = ControlCenter(host);

        var iccids = new List<string>();
        var lastPages = new List<bool>();
        for (var page = 1; page <= 3; page++)
        {
            using var json = JsonDocument.Parse(await client.GetStringAsync($"rws/api/v1/devices?modifiedSince=2000-01-01T00:00:00Z&pageSize=50&pageNumber={page}", ct));
            var root = json.RootElement;
            root.GetProperty("pageNumber").GetInt32().Should().Be(page);
            foreach (var device in root.GetProperty("devices").EnumerateArray())
            {
                device.EnumerateObject().Select(p => p.Name).Should().Equal("iccid", "status", "ratePlan", "communicationPlan");
                iccids.Add(device.GetProperty("iccid").GetString()!);
            }

            lastPages.Add(root.GetProperty("lastPage").GetBoolean());
        }

        lastPages.Should().Equal(false, false, true);
        var expected = host.Dataset.Sims.OrderBy(s => s.DateModified).ThenBy(s => s.Iccid, StringComparer.Ordinal).Select(s => s.Iccid);
        iccids.Should().Equal(expected);
    }

    [Fact]
    public async Task Control_center_filters_by_modifiedSince()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var host = await CarrierSimulatorHost.StartAsync(Options(sims: 200), ct);
        using var client = ControlCenter(host);
        var since = host.Dataset.Sims.Select(s => s.DateModified).Order().ElementAt(150);

        using var json = JsonDocument.Parse(await client.GetStringAsync($"rws/api/v1/devices?modifiedSince={Uri.EscapeDataString(since.ToString("O"))}&pageSize=50&pageNumber=1", ct));

        json.RootElement.GetProperty("devices").GetArrayLength().Should().Be(host.Dataset.Sims.Count(s => s.DateModified >= since));
        json.RootElement.GetProperty("lastPage").GetBoolean().Should().BeTrue();
    }

    [Theory]
    [InlineData("rws/api/v1/devices?pageSize=50", "10000003")]
    [InlineData("rws/api/v1/devices?modifiedSince=2000-01-01T00:00:00Z&pageSize=51", "10000024")]
    [InlineData("rws/api/v1/devices?modifiedSince=2000-01-01T00:00:00Z&pageNumber=0", "10000024")]
    public async Task Control_center_refuses_bad_parameters_with_an_error_code(string url, string code)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var host = await CarrierSimulatorHost.StartAsync(Options(sims: 10), ct);
        using var client = ControlCenter(host);

        using var response = await client.GetAsync(url, ct);

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await response.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("errorCode").GetString().Should().Be(code);
    }

    [Fact]
    public async Task Both_apis_refuse_calls_without_the_right_credentials()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var host = await CarrierSimulatorHost.StartAsync(Options(sims: 10), ct);
        using var anonymous = new HttpClient { BaseAddress = host.BaseUrl };
        using var wrong = Client(host, host.Options.ControlCenterUserName, "wrong");

        using var cc = await anonymous.GetAsync("rws/api/v1/devices?modifiedSince=2000-01-01T00:00:00Z", ct);
        using var ccWrong = await wrong.GetAsync("rws/api/v1/devices?modifiedSince=2000-01-01T00:00:00Z", ct);
        using var twilio = await anonymous.GetAsync("v1/Sims", ct);

        cc.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        ccWrong.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await ccWrong.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("errorCode").GetString().Should().Be("10000001");
        twilio.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await twilio.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("code").GetInt32().Should().Be(20003);
        host.Statistics.Unauthorized.Should().Be(3);
    }

    [Fact]
    public async Task Control_center_throttles_with_40000029_as_400_and_as_429_until_the_next_window()
    {
        var ct = TestContext.Current.CancellationToken;
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        await using var host = await CarrierSimulatorHost.StartAsync(Options(sims: 10, rate: 2, time: time), ct);
        using var client = ControlCenter(host);
        const string Url = "rws/api/v1/devices?modifiedSince=2000-01-01T00:00:00Z";

        var allowed = new List<HttpStatusCode>();
        for (var i = 0; i < 2; i++)
        {
            using var response = await client.GetAsync(Url, ct);
            allowed.Add(response.StatusCode);
        }

        var throttledStatuses = new HashSet<HttpStatusCode>();
        for (var i = 0; i < 20; i++)
        {
            using var response = await client.GetAsync(Url, ct);
            throttledStatuses.Add(response.StatusCode);
            (await response.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("errorCode").GetString().Should().Be("40000029");
        }

        time.Advance(TimeSpan.FromSeconds(1));
        using var later = await client.GetAsync(Url, ct);

        allowed.Should().OnlyContain(s => s == HttpStatusCode.OK);
        throttledStatuses.Should().BeEquivalentTo([HttpStatusCode.BadRequest, HttpStatusCode.TooManyRequests]);
        later.StatusCode.Should().Be(HttpStatusCode.OK);
        host.Statistics.Throttled.Should().Be(20);
    }

    [Fact]
    public async Task Super_sim_pages_through_next_page_url_until_null_with_every_field()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var host = await CarrierSimulatorHost.StartAsync(Options(sims: 2_500), ct);
        using var client = SuperSim(host);

        var sids = new List<string>();
        var url = new Uri(host.BaseUrl, "v1/Sims?PageSize=1000").AbsoluteUri;
        var pages = 0;
        while (url is not null && pages < 10)
        {
            pages++;
            using var json = JsonDocument.Parse(await client.GetStringAsync(url, ct));
            var root = json.RootElement;
            foreach (var sim in root.GetProperty("sims").EnumerateArray())
            {
                sim.EnumerateObject().Select(p => p.Name).Should().Equal("sid", "account_sid", "unique_name", "status", "fleet_sid", "iccid", "date_created", "date_updated", "url");
                sids.Add(sim.GetProperty("sid").GetString()!);
            }

            var meta = root.GetProperty("meta");
            meta.EnumerateObject().Select(p => p.Name).Should().Equal("page", "page_size", "first_page_url", "previous_page_url", "next_page_url", "url", "key");
            meta.GetProperty("key").GetString().Should().Be("sims");
            meta.GetProperty("page").GetInt32().Should().Be(pages - 1);
            meta.GetProperty("url").GetString().Should().Be(url);
            url = meta.GetProperty("next_page_url").GetString();
            if (url is not null)
            {
                url.Should().Contain("PageToken=");
            }
        }

        pages.Should().Be(3);
        sids.Should().Equal(host.Dataset.Sims.Select(s => s.Sid));
    }

    [Fact]
    public async Task Super_sim_throttles_with_429_and_code_20429_some_answers_with_a_Retry_After()
    {
        var ct = TestContext.Current.CancellationToken;
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero).AddMilliseconds(400));
        await using var host = await CarrierSimulatorHost.StartAsync(Options(sims: 10, rate: 1, time: time), ct);
        using var client = SuperSim(host);

        using (var first = await client.GetAsync("v1/Sims", ct))
        {
            first.StatusCode.Should().Be(HttpStatusCode.OK);
        }

        var retryAfters = new List<TimeSpan?>();
        for (var i = 0; i < 20; i++)
        {
            using var response = await client.GetAsync("v1/Sims", ct);
            response.StatusCode.Should().Be(HttpStatusCode.TooManyRequests);
            var body = await response.Content.ReadFromJsonAsync<JsonElement>(ct);
            body.GetProperty("code").GetInt32().Should().Be(20429);
            body.GetProperty("status").GetInt32().Should().Be(429);
            retryAfters.Add(response.Headers.RetryAfter?.Delta);
        }

        retryAfters.Should().Contain((TimeSpan?)null).And.Contain(TimeSpan.FromSeconds(1));
        retryAfters.Should().OnlyContain(r => r == null || r == TimeSpan.FromSeconds(1), "the next window opens in 600 ms, rounded up to whole seconds");
    }

    [Fact]
    public async Task Super_sim_refuses_an_unknown_page_token()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var host = await CarrierSimulatorHost.StartAsync(Options(sims: 10), ct);
        using var client = SuperSim(host);

        using var response = await client.GetAsync("v1/Sims?PageToken=PAnope", ct);

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await response.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("message").GetString().Should().Contain("PageToken");
    }

    [Fact]
    public async Task Faults_are_served_as_configured()
    {
        var ct = TestContext.Current.CancellationToken;
        var unavailable = Options(sims: 10);
        unavailable.ServiceUnavailableRate = 1;
        var dropping = Options(sims: 10);
        dropping.DroppedConnectionRate = 1;
        await using var unavailableHost = await CarrierSimulatorHost.StartAsync(unavailable, ct);
        await using var droppingHost = await CarrierSimulatorHost.StartAsync(dropping, ct);
        using var unavailableClient = SuperSim(unavailableHost);
        using var droppingClient = ControlCenter(droppingHost);

        using var busy = await unavailableClient.GetAsync("v1/Sims", ct);
        var drop = async () => await droppingClient.GetAsync("rws/api/v1/devices?modifiedSince=2000-01-01T00:00:00Z", ct);

        busy.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
        (await busy.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("code").GetInt32().Should().Be(20503);
        await drop.Should().ThrowAsync<HttpRequestException>();
        unavailableHost.Statistics.ServiceUnavailable.Should().Be(1);
        droppingHost.Statistics.DroppedConnections.Should().Be(1);
    }

    [Fact]
    public async Task A_slow_answer_comes_after_the_configured_delay_on_the_simulators_clock()
    {
        var ct = TestContext.Current.CancellationToken;
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var options = Options(sims: 10, time: time);
        options.SlowAnswerRate = 1;
        options.SlowAnswerDelay = TimeSpan.FromMinutes(5);
        await using var host = await CarrierSimulatorHost.StartAsync(options, ct);
        using var client = SuperSim(host);

        var call = client.GetAsync("v1/Sims", ct);
        while (host.Statistics.SlowAnswers == 0)
        {
            await Task.Delay(5, ct);
        }

        call.IsCompleted.Should().BeFalse("five minutes have not passed on the simulator's clock");

        // The delay may start a moment after the call is counted: advance until it has seen five minutes pass.
        for (var step = 0; step < 500 && !call.IsCompleted; step++)
        {
            time.Advance(TimeSpan.FromMinutes(5));
            await Task.WhenAny(call, Task.Delay(20, ct));
        }

        using var response = await call;

        response.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Invalid_options_are_refused_at_start_with_the_option_named()
    {
        var options = Options(sims: 10);
        options.SlowAnswerRate = 0.7;
        options.DroppedConnectionRate = 0.7;

        var start = async () => await CarrierSimulatorHost.StartAsync(options, TestContext.Current.CancellationToken);

        (await start.Should().ThrowAsync<ArgumentException>()).Which.Message.Should().Contain("fault rates");
    }
}
