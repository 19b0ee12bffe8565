using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CarrierSimulator;

/// <summary>
/// A running carrier simulator, serving Control Center "Search Devices" at <c>/rws/api/v1/devices</c> and Super SIM
/// "Sims" at <c>/v1/Sims</c> on one loopback port. Start one in-process with <see cref="StartAsync"/>; dispose it to stop.
/// </summary>
public sealed class CarrierSimulatorHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _disposed;

    private CarrierSimulatorHost(WebApplication app, Uri baseUrl, CarrierSimulatorOptions options, CarrierDataset dataset, SimulatorStatistics statistics)
    {
        _app = app;
        BaseUrl = baseUrl;
        Options = options;
        Dataset = dataset;
        Statistics = statistics;
    }

    /// <summary>The base URL, such as <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri BaseUrl { get; }

    /// <summary>The options it runs with (credentials included).</summary>
    public CarrierSimulatorOptions Options { get; }

    /// <summary>The ground truth it serves.</summary>
    public CarrierDataset Dataset { get; }

    /// <summary>What it answered so far.</summary>
    public SimulatorStatistics Statistics { get; }

    /// <summary>
    /// Generates the data of <paramref name="options"/> and starts serving it. The host does not react to Ctrl+C or
    /// SIGTERM: the program that starts it decides when it stops.
    /// </summary>
    /// <param name="options">The options; validated here. The host keeps the instance: do not change it afterwards.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <returns>The running host.</returns>
    /// <exception cref="ArgumentException">An option is invalid.</exception>
    public static async Task<CarrierSimulatorHost> StartAsync(CarrierSimulatorOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var dataset = CarrierDataset.Generate(options.Seed, options.SimCount);
        var statistics = new SimulatorStatistics();
        var faults = new FaultInjector(options);
        var controlCenter = new ControlCenterApi(dataset, options, faults, statistics);
        var superSim = new SuperSimApi(dataset, options, faults, statistics);

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(CarrierSimulatorHost).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Logging.ClearProviders();
        // The generic host would stop on Ctrl+C; the embedding program owns that signal.
        builder.Services.AddSingleton<IHostLifetime, EmbeddedHostLifetime>();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(options.ListenAddress, options.Port));

        var app = builder.Build();
        app.MapGet(ControlCenterApi.Path, controlCenter.SearchDevicesAsync);
        app.MapGet(SuperSimApi.Path, superSim.ListSimsAsync);
        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await app.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses;
        var address = addresses?.FirstOrDefault()
            ?? throw new InvalidOperationException("The carrier simulator started but Kestrel reported no address.");
        var baseUrl = new Uri(address.EndsWith('/') ? address : address + "/", UriKind.Absolute);
        return new CarrierSimulatorHost(app, baseUrl, options, dataset, statistics);
    }

    /// <summary>Stops serving; calls in flight are aborted after <paramref name="cancellationToken"/> fires.</summary>
    /// <param name="cancellationToken">Ends the graceful stop.</param>
    /// <returns>A task that completes when stopped.</returns>
    public Task StopAsync(CancellationToken cancellationToken) => _app.StopAsync(cancellationToken);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        using (var stop = new CancellationTokenSource(TimeSpan.FromSeconds(2)))
        {
            await _app.StopAsync(stop.Token).ConfigureAwait(false);
        }

        await _app.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>A host lifetime that starts and stops when told, and ignores process signals.</summary>
    private sealed class EmbeddedHostLifetime : IHostLifetime
    {
        public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
