using System.Globalization;
using CarrierSimulator;
using ResumableJobs;
using SimInventorySync.Carriers;
using SimInventorySync.Checkpoints;
using SimInventorySync.Cli;
using SimInventorySync.Tests.Support;

namespace SimInventorySync.Tests.EndToEnd;

/// <summary>
/// The main job against the simulator with faults and throttling, interrupted twice (a graceful stop, then a child
/// process killed with SIGKILL), resumed, and checked row by row against the simulator's ground truth.
/// </summary>
public sealed class InterruptAndResumeTests : IDisposable
{
    private const int Sims = 4_000;
    private const int Seed = 1_234;
    private const string Session = "e2e";

    private readonly TempDirectory _folder = new();

    public void Dispose() => _folder.Dispose();

    private static CarrierSimulatorOptions SimulatorOptions()
    {
        var options = new CarrierSimulatorOptions
        {
            SimCount = Sims,
            Seed = Seed,
            RequestsPerSecond = 20,
            SlowAnswerDelay = TimeSpan.FromMilliseconds(50),
        };
        options.SetFaultRate(0.1);
        return options;
    }

    /// <summary>The sample's settings for a run of <paramref name="source"/> against <paramref name="simulator"/>, with its credentials.</summary>
    private static SyncSettings Settings(CarrierSimulatorHost simulator, string database, CarrierSource source, string session, int? pageSize = null) => new()
    {
        DatabasePath = database,
        Sims = Sims,
        Seed = Seed,
        Source = source,
        SessionId = session,
        CarrierUrl = simulator.BaseUrl,
        Credentials = source == CarrierSource.SuperSim
            ? new CarrierCredentials(simulator.Options.SuperSimAccountSid, simulator.Options.SuperSimAuthToken)
            : new CarrierCredentials(simulator.Options.ControlCenterUserName, simulator.Options.ControlCenterApiKey),
        PageSize = pageSize,
        Retry = Fast.Retry(),
    };

    [Fact]
    public async Task Stopped_then_killed_then_resumed_the_reconciliation_equals_the_ground_truth_row_by_row()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var simulator = await CarrierSimulatorHost.StartAsync(SimulatorOptions(), ct);
        var database = _folder.File("inventory.db");
        var settings = Settings(simulator, database, CarrierSource.ControlCenter, Session);

        // 1. A graceful stop (what Ctrl+C does) once ten pages are checkpointed.
        var stopped = await SampleRun.RunAsync(settings, (report, _) => report.PagesDone >= 10);
        stopped.ExitCode.Should().Be(ExitCodes.Stopped, stopped.ToString());
        stopped.Output.Should().Contain("Stopped after page 10 (500 SIMs reconciled); the checkpoint is saved.")
            .And.Contain($"Run the same command again to resume session '{Session}' from page 11.");

        // 2. The same command in another process, against the same simulator and database, killed with SIGKILL mid-run.
        var pagesAtKill = await KillMidRunAsync(simulator, database, settings.JobId, ct);

        // 3. The same command again: resumes where the killed process's last checkpoint says, and completes.
        var resumed = await SampleRun.RunAsync(settings);
        resumed.ExitCode.Should().Be(ExitCodes.Completed, resumed.ToString());
        resumed.Output.Should().Contain($"Resuming session '{Session}' from page {pagesAtKill + 1} (");
        resumed.LastLine.Should().Be($"Reconciled {Sims} SIMs: {simulator.Dataset.ExpectedMismatches.Count} mismatches");
        simulator.Statistics.Throttled.Should().BePositive("the run met the rate limit");
        simulator.Statistics.ServiceUnavailable.Should().BePositive();

        await GroundTruth.ShouldMatchAsync(database, Session, simulator.Dataset, CarrierSource.ControlCenter, ct);

        // 4. Once more: the session is done, nothing is fetched, the same line is printed.
        var requestsBefore = simulator.Statistics.Requests;
        var again = await SampleRun.RunAsync(settings);
        again.ExitCode.Should().Be(ExitCodes.Completed);
        again.Output.Should().Contain($"Session '{Session}' already completed");
        again.LastLine.Should().Be(resumed.LastLine);
        simulator.Statistics.Requests.Should().Be(requestsBefore);
    }

    [Fact]
    public async Task A_super_sim_reconciliation_stopped_twice_resumes_to_the_ground_truth()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var simulator = await CarrierSimulatorHost.StartAsync(SimulatorOptions(), ct);
        var database = _folder.File("inventory.db");
        var settings = Settings(simulator, database, CarrierSource.SuperSim, "twilio", pageSize: 100);

        var first = await SampleRun.RunAsync(settings, (report, _) => report.PagesDone >= 7);
        var second = await SampleRun.RunAsync(settings, (report, _) => report.PagesDone >= 23);
        var last = await SampleRun.RunAsync(settings);

        first.ExitCode.Should().Be(ExitCodes.Stopped, first.ToString());
        second.ExitCode.Should().Be(ExitCodes.Stopped, second.ToString());
        second.Output.Should().Contain("Resuming session 'twilio' from page 8 (700 SIMs reconciled before; cursor {\"pageUrl\":\"/v1/Sims?PageSize=100&Page=7&PageToken=PAHS");
        last.ExitCode.Should().Be(ExitCodes.Completed, last.ToString());
        last.Output.Should().Contain("Resuming session 'twilio' from page 24 (2,300 SIMs reconciled before;");
        last.LastLine.Should().Be($"Reconciled {Sims} SIMs: {simulator.Dataset.ExpectedMismatches.Count} mismatches");
        await GroundTruth.ShouldMatchAsync(database, "twilio", simulator.Dataset, CarrierSource.SuperSim, ct);
    }

    /// <summary>Runs the sample as a child process on the same database and kills it (SIGKILL) once it has checkpointed
    /// a few pages of its own; returns the pages its last checkpoint holds.</summary>
    private async Task<long> KillMidRunAsync(CarrierSimulatorHost simulator, string database, string jobId, CancellationToken ct)
    {
        var store = CheckpointStores.Open(database);
        try
        {
            using var child = ChildProcess.Start(
                _folder.Path,
                ["--db", database, "--sims", Sims.ToString(CultureInfo.InvariantCulture), "--seed", Seed.ToString(CultureInfo.InvariantCulture), "--source", "controlcenter", "--session", Session, "--carrier-url", simulator.BaseUrl.AbsoluteUri],
                new Dictionary<string, string>
                {
                    [SyncCommandLine.ControlCenterUserVariable] = simulator.Options.ControlCenterUserName,
                    [SyncCommandLine.ControlCenterKeyVariable] = simulator.Options.ControlCenterApiKey,
                });
            var seen = await WaitForCheckpointAsync(store, jobId, minimumPages: 16, child, ct);
            await child.KillAsync(ct);

            child.ExitCode.Should().NotBe(0, "it was killed before it could finish: " + child.Output);
            child.Output.Should().Contain($"Resuming session '{Session}' from page 11 (500 SIMs reconciled before;");
            var atKill = (await store.LoadAsync(jobId, ct))!;
            atKill.PagesDone.Should().BeGreaterThanOrEqualTo(seen.PagesDone);
            atKill.Completed.Should().BeFalse();
            return atKill.PagesDone;
        }
        finally
        {
            await CheckpointStores.ReleaseAsync(store);
        }
    }

    private static async Task<Checkpoint> WaitForCheckpointAsync(ICheckpointStore store, string jobId, long minimumPages, ChildProcess child, CancellationToken cancellationToken)
    {
        // Bounded: a child that exits, or never gets there within two minutes, fails the test with its output.
        for (var attempt = 0; attempt < 4_800; attempt++)
        {
            if (await store.LoadAsync(jobId, cancellationToken) is { PagesDone: var pages } checkpoint && pages >= minimumPages)
            {
                return checkpoint;
            }

            if (child.HasExited)
            {
                throw new InvalidOperationException($"The child process exited with {child.ExitCode} before checkpointing page {minimumPages}:{Environment.NewLine}{child.Output}");
            }

            await Task.Delay(25, cancellationToken);
        }

        throw new TimeoutException($"The child process did not checkpoint page {minimumPages}:{Environment.NewLine}{child.Output}");
    }
}
