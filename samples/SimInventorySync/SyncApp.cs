using System.Globalization;
using System.Net;
using System.Text.Json.Serialization.Metadata;
using CarrierSimulator;
using ResumableJobs;
using SimInventorySync.Carriers;
using SimInventorySync.Carriers.ControlCenter;
using SimInventorySync.Carriers.SuperSim;
using SimInventorySync.Checkpoints;
using SimInventorySync.Console;
using SimInventorySync.Inventory;

namespace SimInventorySync;

/// <summary>
/// The main job: reconcile the local SIM inventory against a carrier with ResumableJobs. Creates the inventory the
/// first time, starts the carrier simulator in-process unless a carrier URL is given, runs (or resumes) the session's
/// job with live progress, and prints a summary whose last line is <c>Reconciled N SIMs: M mismatches</c>.
/// </summary>
internal static class SyncApp
{
    /// <summary>Devices modified since this instant are reconciled (Control Center requires a lower bound).</summary>
    public static readonly DateTimeOffset ModifiedSince = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Runs the program; returns its exit code. Never throws for a failure it can explain in one line.</summary>
    /// <param name="settings">What to do.</param>
    /// <param name="console">Where to write.</param>
    /// <param name="stop">Stops the run after the current page.</param>
    /// <param name="observer">Also receives every progress report (tests use it to interrupt at a chosen page).</param>
    public static async Task<int> RunAsync(SyncSettings settings, SyncConsole console, StopController stop, IProgress<SyncProgress>? observer = null)
    {
        try
        {
            return await RunCoreAsync(settings, console, stop, observer).ConfigureAwait(false);
        }
        catch (SyncException ex)
        {
            await console.Error.WriteLineAsync("error: " + OneLine(ex.Message)).ConfigureAwait(false);
            return ExitCodes.Failed;
        }
        catch (OperationCanceledException) when (stop.Token.IsCancellationRequested)
        {
            await console.Out.WriteLineAsync($"Stopped before session '{settings.EffectiveSessionId}' reconciled a page; run the same command to start again.").ConfigureAwait(false);
            return ExitCodes.Stopped;
        }
    }

    private static async Task<int> RunCoreAsync(SyncSettings settings, SyncConsole console, StopController stop, IProgress<SyncProgress>? observer)
    {
        var output = console.Out;
        var cancellationToken = stop.Token;
        var session = settings.EffectiveSessionId;
        if (!JobIds.IsValid(settings.JobId))
        {
            throw new SyncException($"Invalid --session '{session}': use letters, digits, '-', '_' and '.', starting with a letter or digit.");
        }

        var maxPageSize = settings.Source == CarrierSource.ControlCenter ? ControlCenterPageSource.MaxPageSize : SuperSimPageSource.MaxPageSize;
        if (settings.PageSize is < 1 || settings.PageSize > maxPageSize)
        {
            throw new SyncException($"The page size {settings.PageSize} is out of range: {InventoryDatabase.SourceName(settings.Source)} serves 1 to {maxPageSize} SIMs per page.");
        }

        await using var database = await InventoryDatabase.OpenAsync(settings.DatabasePath, cancellationToken).ConfigureAwait(false);
        var inventory = await database.EnsureInventoryAsync(settings.Seed, settings.Sims, cancellationToken).ConfigureAwait(false);
        if (inventory.Created)
        {
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"Created the local inventory in {database.Path}: {inventory.LocalSims:N0} SIMs (seed {settings.Seed}).")).ConfigureAwait(false);
        }

        var store = CheckpointStores.Open(database.Path);
        try
        {
            return await RunSessionAsync(settings, console, stop, observer, database, inventory, store).ConfigureAwait(false);
        }
        finally
        {
            await CheckpointStores.ReleaseAsync(store).ConfigureAwait(false);
        }
    }

    private static async Task<int> RunSessionAsync(
        SyncSettings settings,
        SyncConsole console,
        StopController stop,
        IProgress<SyncProgress>? observer,
        InventoryDatabase database,
        InventoryInfo inventory,
        ICheckpointStore store)
    {
        var output = console.Out;
        var cancellationToken = stop.Token;
        var session = settings.EffectiveSessionId;
        var checkpoint = await LoadCheckpointAsync(store, settings.JobId, cancellationToken).ConfigureAwait(false);
        var known = await database.FindSessionAsync(session, cancellationToken).ConfigureAwait(false);
        if (known is not null && known.Source != settings.Source)
        {
            throw new SyncException($"Session '{session}' reconciles against {InventoryDatabase.SourceName(known.Source)}, not {InventoryDatabase.SourceName(settings.Source)}: pass --source {InventoryDatabase.SourceName(known.Source)}, or another --session to start a new reconciliation.");
        }

        if (checkpoint is not null && known is null)
        {
            throw new SyncException($"{store} holds a checkpoint of session '{session}' (page {checkpoint.PagesDone}), but the database '{database.Path}' has no such session, so resuming would skip pages it never saw: delete that checkpoint, or use another --session.");
        }

        if (checkpoint is { Completed: true } && known?.CompletedAt is { } completedAt)
        {
            await output.WriteLineAsync($"Session '{session}' already completed at {completedAt.UtcDateTime:yyyy-MM-dd HH:mm:ss}Z; nothing to do. Pass --session NAME to start a new reconciliation.").ConfigureAwait(false);
            var done = await database.GetSummaryAsync(session, CancellationToken.None).ConfigureAwait(false);
            await output.WriteLineAsync(done.FinalLine).ConfigureAwait(false);
            return ExitCodes.Completed;
        }

        await using var simulator = settings.CarrierUrl is null
            ? await StartSimulatorAsync(settings, cancellationToken).ConfigureAwait(false)
            : null;
        var carrierUrl = simulator?.BaseUrl ?? settings.CarrierUrl!;
        var credentials = simulator is null
            ? settings.Credentials ?? throw new SyncException("--carrier-url needs credentials.")
            : settings.Source == CarrierSource.ControlCenter
                ? new CarrierCredentials(simulator.Options.ControlCenterUserName, simulator.Options.ControlCenterApiKey)
                : new CarrierCredentials(simulator.Options.SuperSimAccountSid, simulator.Options.SuperSimAuthToken);
        var carrier = simulator is null
            ? carrierUrl.ToString()
            : string.Create(CultureInfo.InvariantCulture, $"the carrier simulator at {carrierUrl} ({settings.Sims:N0} SIMs, seed {settings.Seed}, {(settings.RateLimit == 0 ? "no rate limit" : $"{settings.RateLimit} calls/s")}, fault rate {settings.FaultRate:0.###})");
        await database.GetOrStartSessionAsync(session, settings.Source, carrierUrl.ToString(), TimeProvider.System.GetUtcNow(), cancellationToken).ConfigureAwait(false);

        var sourceName = settings.Source == CarrierSource.ControlCenter ? "Control Center" : "Super SIM";
        if (checkpoint is null)
        {
            await output.WriteLineAsync($"Reconciling session '{session}' against {sourceName}: {carrier}.").ConfigureAwait(false);
        }
        else if (checkpoint.Completed)
        {
            await output.WriteLineAsync($"Session '{session}' has reconciled every carrier page; completing it.").ConfigureAwait(false);
        }
        else
        {
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"Resuming session '{session}' from page {checkpoint.PagesDone + 1} ({checkpoint.ItemsDone:N0} SIMs reconciled before; cursor {checkpoint.Cursor}) against {sourceName}: {carrier}.")).ConfigureAwait(false);
        }

        using var http = new HttpClient(new SocketsHttpHandler
        {
            PooledConnectionLifetime = TimeSpan.FromMinutes(2),
            ConnectTimeout = TimeSpan.FromSeconds(10),
            AutomaticDecompression = DecompressionMethods.All,
        })
        {
            Timeout = settings.HttpTimeout,
        };
        var statistics = new PageSourceStatistics();
        var sink = new ReconciliationSink(database, session, settings.Source);
        // The observer first: a stop it asks for takes effect at the very report that prompted it.
        var progress = new ProgressState(statistics, report => observer?.Report(report), stop.OnProgress);

        JobRunResult result;
        if (settings.Source == CarrierSource.ControlCenter)
        {
            var source = new ControlCenterPageSource(http, carrierUrl, credentials, settings.PageSize ?? ControlCenterPageSource.MaxPageSize, statistics: statistics);
            result = await RunJobAsync(settings, console, store, source, ControlCenterPageSource.StartCursor(ModifiedSince), CursorJson.ControlCenter, sink, inventory, progress, stop, $"Session '{session}' · {sourceName} at {carrierUrl}").ConfigureAwait(false);
        }
        else
        {
            var source = new SuperSimPageSource(http, carrierUrl, credentials, statistics: statistics);
            result = await RunJobAsync(settings, console, store, source, source.StartCursor(settings.PageSize ?? SuperSimPageSource.MaxPageSize), CursorJson.SuperSim, sink, inventory, progress, stop, $"Session '{session}' · {sourceName} at {carrierUrl}").ConfigureAwait(false);
        }

        switch (result.Outcome)
        {
            case JobOutcome.Completed:
            case JobOutcome.AlreadyCompleted:
                // Past this point nothing is lost by finishing: the session is completed even if a stop came late.
                await database.CompleteSessionAsync(session, TimeProvider.System.GetUtcNow(), CancellationToken.None).ConfigureAwait(false);
                var summary = await database.GetSummaryAsync(session, CancellationToken.None).ConfigureAwait(false);
                await WriteSummaryAsync(output, session, result, progress, summary).ConfigureAwait(false);
                return ExitCodes.Completed;

            case JobOutcome.Cancelled:
                await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"Stopped after page {result.TotalPages} ({result.TotalItems:N0} SIMs reconciled); the checkpoint is saved.")).ConfigureAwait(false);
                await output.WriteLineAsync($"Run the same command again to resume session '{session}' from page {result.TotalPages + 1}.").ConfigureAwait(false);
                return ExitCodes.Stopped;

            default:
                var error = result.Error!;
                var reason = CarrierHttp.IsUnreachable(error) ? $"the carrier at {carrierUrl} is unreachable: {error.Message}" : error.Message;
                await console.Error.WriteLineAsync($"error: {OneLine(reason)} (session '{session}' stopped after page {result.TotalPages}; its checkpoint is kept, so the same command resumes there)").ConfigureAwait(false);
                return ExitCodes.Failed;
        }
    }

    private static Task<JobRunResult> RunJobAsync<TCursor>(
        SyncSettings settings,
        SyncConsole console,
        ICheckpointStore store,
        IPageSource<TCursor, CarrierSim> source,
        TCursor start,
        JsonTypeInfo<TCursor> cursorType,
        ReconciliationSink sink,
        InventoryInfo inventory,
        ProgressState progress,
        StopController stop,
        string title)
    {
        var job = ResumableJob.Create(
            settings.JobId,
            new EstimatedTotalPageSource<TCursor, CarrierSim>(source, inventory.LocalSims),
            sink,
            store,
            start,
            new ResumableJobOptions { Retry = settings.Retry },
            new JsonCursorSerializer<TCursor>(cursorType));
        return ProgressDisplay.RunAsync(console, progress, stop, title, settings.PlainProgressInterval, () => job.RunAsync(progress, stop.Token));
    }

    private static async Task<Checkpoint?> LoadCheckpointAsync(ICheckpointStore store, string jobId, CancellationToken cancellationToken)
    {
        try
        {
            return await store.LoadAsync(jobId, cancellationToken).ConfigureAwait(false);
        }
        catch (CheckpointCorruptException ex)
        {
            throw new SyncException(ex.Message, ex);
        }
    }

    private static async Task<CarrierSimulatorHost> StartSimulatorAsync(SyncSettings settings, CancellationToken cancellationToken)
    {
        var options = new CarrierSimulatorOptions
        {
            SimCount = settings.Sims,
            Seed = settings.Seed,
            RequestsPerSecond = settings.RateLimit,
            SlowAnswerDelay = settings.SlowAnswerDelay,
        };
        options.SetFaultRate(settings.FaultRate);
        return await CarrierSimulatorHost.StartAsync(options, cancellationToken).ConfigureAwait(false);
    }

    private static async Task WriteSummaryAsync(TextWriter output, string session, JobRunResult result, ProgressState progress, ReconciliationSummary summary)
    {
        var rate = result.Elapsed > TimeSpan.Zero ? result.ItemsThisRun / result.Elapsed.TotalSeconds : 0;
        await output.WriteLineAsync(string.Create(
            CultureInfo.InvariantCulture,
            $"Session '{session}' completed: {result.PagesThisRun:N0} pages and {result.ItemsThisRun:N0} SIMs this run in {ProgressText.Duration(result.Elapsed)} ({rate:N0} SIMs/s), {result.TotalPages:N0} pages in all; {progress.Retries:N0} retries ({progress.Statistics.Throttled:N0} throttled, {progress.Statistics.TransientFaults:N0} other faults).")).ConfigureAwait(false);
        await output.WriteLineAsync("Mismatches by kind:").ConfigureAwait(false);
        foreach (var kind in MismatchKinds.All)
        {
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"  {kind,-20}{summary.MismatchesByKind.GetValueOrDefault(kind),8:N0}")).ConfigureAwait(false);
        }

        await output.WriteLineAsync(summary.FinalLine).ConfigureAwait(false);
    }

    private static string OneLine(string text) => text.ReplaceLineEndings(" ");
}
