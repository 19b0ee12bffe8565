using System.Globalization;
using System.Runtime.InteropServices;

namespace CarrierSimulator;

/// <summary>Runs the simulator on its own: <c>dotnet run --project samples/CarrierSimulator -- [--port 5080] [--sims N] [--seed S] [--rate-limit N] [--fault-rate F]</c>.</summary>
internal static class Program
{
    private const string Usage = "usage: CarrierSimulator [--port 5080] [--sims 20000] [--seed 42] [--rate-limit 25] [--fault-rate 0.025]";

    public static async Task<int> Main(string[] args)
    {
        var options = new CarrierSimulatorOptions { Port = 5080 };
        if (args is ["-h"] or ["--help"])
        {
            Console.WriteLine(Usage);
            return 0;
        }

        try
        {
            Parse(args, options);
            options.Validate();
        }
        catch (ArgumentException ex)
        {
            await Console.Error.WriteLineAsync($"error: {ex.Message.ReplaceLineEndings(" ")}{Environment.NewLine}{Usage}");
            return 2;
        }

        using var stop = new CancellationTokenSource();
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, context => { context.Cancel = true; stop.Cancel(); });
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context => { context.Cancel = true; stop.Cancel(); });

        await using var host = await CarrierSimulatorHost.StartAsync(options, stop.Token);
        Console.WriteLine($"Carrier simulator: {options.SimCount:N0} SIMs (seed {options.Seed}), {(options.RequestsPerSecond == 0 ? "no rate limit" : $"{options.RequestsPerSecond} calls/s per account")}, faults {options.ServiceUnavailableRate:P1} 503 / {options.SlowAnswerRate:P1} slow / {options.DroppedConnectionRate:P1} dropped");
        Console.WriteLine($"  Control Center: {host.BaseUrl}rws/api/v1/devices?modifiedSince=2000-01-01T00:00:00Z  (Basic {options.ControlCenterUserName}:{options.ControlCenterApiKey})");
        Console.WriteLine($"  Super SIM:      {host.BaseUrl}v1/Sims?PageSize=1000  (Basic {options.SuperSimAccountSid}:{options.SuperSimAuthToken})");
        Console.WriteLine("Press Ctrl+C to stop.");
        try
        {
            await Task.Delay(Timeout.Infinite, stop.Token);
        }
        catch (OperationCanceledException)
        {
            // Ctrl+C or SIGTERM.
        }

        Console.WriteLine($"Stopped after {host.Statistics}.");
        return 0;
    }

    private static void Parse(string[] args, CarrierSimulatorOptions options)
    {
        for (var i = 0; i < args.Length; i++)
        {
            var name = args[i];
            if (i + 1 >= args.Length)
            {
                throw new ArgumentException($"option '{name}' needs a value");
            }

            var value = args[++i];
            switch (name)
            {
                case "--port":
                    options.Port = Number(name, value);
                    break;
                case "--sims":
                    options.SimCount = Number(name, value);
                    break;
                case "--seed":
                    options.Seed = Number(name, value);
                    break;
                case "--rate-limit":
                    options.RequestsPerSecond = Number(name, value);
                    break;
                case "--fault-rate":
                    options.SetFaultRate(double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var rate)
                        ? rate
                        : throw new ArgumentException($"option '{name}' needs a number, not '{value}'"));
                    break;
                default:
                    throw new ArgumentException($"unknown option '{name}'");
            }
        }
    }

    private static int Number(string name, string value) =>
        int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number)
            ? number
            : throw new ArgumentException($"option '{name}' needs a whole number, not '{value}'");
}
