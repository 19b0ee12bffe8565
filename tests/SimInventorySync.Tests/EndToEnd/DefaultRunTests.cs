using System.Net;
using System.Net.Sockets;
using CarrierSimulator;
using SimInventorySync.Carriers;
using SimInventorySync.Inventory;
using SimInventorySync.Tests.Support;

namespace SimInventorySync.Tests.EndToEnd;

/// <summary>The program as a new user runs it: no carrier URL, so it starts the simulator in-process.</summary>
public sealed class DefaultRunTests : IDisposable
{
    private readonly TempDirectory _folder = new();

    public void Dispose() => _folder.Dispose();

    [Theory]
    [InlineData("controlcenter")]
    [InlineData("supersim")]
    public async Task With_no_carrier_url_it_starts_the_simulator_reconciles_and_a_rerun_does_nothing(string sourceName)
    {
        var ct = TestContext.Current.CancellationToken;
        var source = InventoryDatabase.TryParseSource(sourceName)!.Value;
        var settings = new SyncSettings { DatabasePath = _folder.File("inventory.db"), Sims = 1_500, Seed = 9, Source = source, PageSize = source == CarrierSource.SuperSim ? 100 : null, Retry = Fast.Retry() };
        var dataset = CarrierDataset.Generate(9, 1_500);

        var first = await SampleRun.RunAsync(settings);
        var second = await SampleRun.RunAsync(settings);

        first.ExitCode.Should().Be(ExitCodes.Completed, first.ToString());
        first.Lines[0].Should().Be($"Created the local inventory in {settings.DatabasePath}: {dataset.LocalInventory.Count:N0} SIMs (seed 9).");
        first.Output.Should().Contain("the carrier simulator at http://127.0.0.1:").And.Contain("Mismatches by kind:");
        first.LastLine.Should().Be($"Reconciled 1500 SIMs: {dataset.ExpectedMismatches.Count} mismatches");
        first.Error.Should().BeEmpty();
        second.ExitCode.Should().Be(ExitCodes.Completed);
        second.Lines.Should().HaveCount(2);
        second.Lines[0].Should().StartWith($"Session '{settings.EffectiveSessionId}' already completed at ").And.EndWith("nothing to do. Pass --session NAME to start a new reconciliation.");
        second.LastLine.Should().Be(first.LastLine);
        await GroundTruth.ShouldMatchAsync(settings.DatabasePath, settings.EffectiveSessionId, dataset, source, ct);
    }

    [Fact]
    public async Task A_new_session_id_starts_a_new_reconciliation_in_the_same_database()
    {
        var settings = new SyncSettings { DatabasePath = _folder.File("inventory.db"), Sims = 500, Seed = 2, FaultRate = 0, Retry = Fast.Retry() };

        var first = await SampleRun.RunAsync(settings);
        var other = await SampleRun.RunAsync(settings with { SessionId = "monday" });

        other.ExitCode.Should().Be(ExitCodes.Completed, other.ToString());
        other.Output.Should().Contain("Reconciling session 'monday'").And.NotContain("Created the local inventory");
        other.LastLine.Should().Be(first.LastLine);
    }

    [Fact]
    public async Task A_session_of_another_source_is_refused_in_one_line()
    {
        var settings = new SyncSettings { DatabasePath = _folder.File("inventory.db"), Sims = 300, Seed = 2, FaultRate = 0, SessionId = "s1", Retry = Fast.Retry() };
        await SampleRun.RunAsync(settings);

        var run = await SampleRun.RunAsync(settings with { Source = CarrierSource.SuperSim });

        run.ExitCode.Should().Be(ExitCodes.Failed);
        run.Error.Should().Be("error: Session 's1' reconciles against controlcenter, not supersim: pass --source controlcenter, or another --session to start a new reconciliation." + Environment.NewLine);
    }

    [Fact]
    public async Task A_database_that_is_not_sqlite_fails_in_one_line_and_is_left_alone()
    {
        var path = _folder.File("notes.db");
        await File.WriteAllTextAsync(path, new string('x', 5000), TestContext.Current.CancellationToken);

        var run = await SampleRun.RunAsync(new SyncSettings { DatabasePath = path, Sims = 100 });

        run.ExitCode.Should().Be(ExitCodes.Failed);
        run.Error.Should().StartWith($"error: The database '{path}' is not usable: ").And.Contain("not a database");
        run.Error.TrimEnd().Should().NotContain("\n");
        (await File.ReadAllTextAsync(path, TestContext.Current.CancellationToken)).Should().Be(new string('x', 5000));
    }

    [Fact]
    public async Task An_unreachable_carrier_fails_in_one_line_after_the_retries_and_keeps_the_session_resumable()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var settings = new SyncSettings
        {
            DatabasePath = _folder.File("inventory.db"),
            Sims = 100,
            CarrierUrl = new Uri($"http://127.0.0.1:{port}/"),
            Credentials = new CarrierCredentials("u", "k"),
            Retry = Fast.Retry(attempts: 2),
        };

        var run = await SampleRun.RunAsync(settings);

        run.ExitCode.Should().Be(ExitCodes.Failed);
        run.Error.Should().StartWith($"error: the carrier at http://127.0.0.1:{port}/ is unreachable: GET http://127.0.0.1:{port}/rws/api/v1/devices?")
            .And.Contain("Connection refused")
            .And.EndWith("(session 'controlcenter' stopped after page 0; its checkpoint is kept, so the same command resumes there)" + Environment.NewLine);
    }

    [Fact]
    public async Task Wrong_credentials_fail_at_once_naming_the_page()
    {
        var ct = TestContext.Current.CancellationToken;
        var options = new CarrierSimulatorOptions { SimCount = 100, ServiceUnavailableRate = 0, SlowAnswerRate = 0, DroppedConnectionRate = 0 };
        await using var simulator = await CarrierSimulatorHost.StartAsync(options, ct);
        var settings = new SyncSettings
        {
            DatabasePath = _folder.File("inventory.db"),
            Sims = 100,
            Source = CarrierSource.SuperSim,
            CarrierUrl = simulator.BaseUrl,
            Credentials = new CarrierCredentials(options.SuperSimAccountSid, "wrong"),
            Retry = Fast.Retry(),
        };

        var run = await SampleRun.RunAsync(settings);

        run.ExitCode.Should().Be(ExitCodes.Failed);
        run.Error.Should().StartWith($"error: GET {simulator.BaseUrl}v1/Sims?PageSize=1000: HTTP 401 Unauthorized (Twilio error 20003: Authenticate); check the account sid and auth token");
        simulator.Statistics.Requests.Should().Be(1, "a 401 is not retried");
    }

    [Fact]
    public async Task A_page_size_the_api_does_not_serve_is_refused_before_anything_runs()
    {
        var settings = new SyncSettings { DatabasePath = _folder.File("inventory.db"), Sims = 100, PageSize = 51 };

        var run = await SampleRun.RunAsync(settings);

        run.ExitCode.Should().Be(ExitCodes.Failed);
        run.Error.Should().Be("error: The page size 51 is out of range: controlcenter serves 1 to 50 SIMs per page." + Environment.NewLine);
        File.Exists(settings.DatabasePath).Should().BeFalse();
    }
}
