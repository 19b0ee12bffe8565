using System.Net;

namespace CarrierSimulator;

/// <summary>Options of the carrier simulator. Validated when it starts.</summary>
public sealed class CarrierSimulatorOptions
{
    /// <summary>How many SIMs the carrier holds. Default 20,000.</summary>
    public int SimCount { get; set; } = 20_000;

    /// <summary>The seed of the data and of the fault draws; the same seed gives the same SIMs. Default 42.</summary>
    public int Seed { get; set; } = 42;

    /// <summary>Calls per second allowed per account (per API); 0 means no limit. Default 25.</summary>
    public int RequestsPerSecond { get; set; } = 25;

    /// <summary>The share of calls answered with 503 Service Unavailable. Default 0.01.</summary>
    public double ServiceUnavailableRate { get; set; } = 0.01;

    /// <summary>The share of calls answered only after <see cref="SlowAnswerDelay"/>. Default 0.01.</summary>
    public double SlowAnswerRate { get; set; } = 0.01;

    /// <summary>The share of calls whose connection is dropped without an answer. Default 0.005.</summary>
    public double DroppedConnectionRate { get; set; } = 0.005;

    /// <summary>How long a slow answer takes. Default 1 s.</summary>
    public TimeSpan SlowAnswerDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The Control Center user name (HTTP Basic user). Default <c>simulator</c>.</summary>
    public string ControlCenterUserName { get; set; } = "simulator";

    /// <summary>The Control Center API key (HTTP Basic password). Default <c>simulator-api-key</c>.</summary>
    public string ControlCenterApiKey { get; set; } = "simulator-api-key";

    /// <summary>The Super SIM account sid (HTTP Basic user). Default a fixed <c>AC…</c> sid.</summary>
    public string SuperSimAccountSid { get; set; } = "AC5e1a7c3d9b0f4e2a8c6d4b2f0e1a3c5d";

    /// <summary>The Super SIM auth token (HTTP Basic password). Default <c>simulator-auth-token</c>.</summary>
    public string SuperSimAuthToken { get; set; } = "simulator-auth-token";

    /// <summary>The address to listen on. Default the IPv4 loopback address.</summary>
    public IPAddress ListenAddress { get; set; } = IPAddress.Loopback;

    /// <summary>The port to listen on; 0 picks a free one. Default 0.</summary>
    public int Port { get; set; }

    /// <summary>The clock of the rate limiter windows, Retry-After values and slow answers. Default the system clock.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>Sets the three fault rates so that a call meets a fault (503, slow answer, dropped connection,
    /// equally likely) with probability <paramref name="rate"/>.</summary>
    /// <param name="rate">From 0 to 1.</param>
    public void SetFaultRate(double rate)
    {
        if (double.IsNaN(rate) || rate is < 0 or > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(rate), rate, "The fault rate must be from 0 to 1.");
        }

        ServiceUnavailableRate = rate / 3;
        SlowAnswerRate = rate / 3;
        DroppedConnectionRate = rate / 3;
    }

    /// <summary>Throws when an option is invalid; the message names it.</summary>
    /// <exception cref="ArgumentException">An option is invalid.</exception>
    public void Validate()
    {
        if (SimCount is < 1 or > CarrierDataset.MaxSimCount)
        {
            throw new ArgumentOutOfRangeException(nameof(SimCount), SimCount, $"CarrierSimulatorOptions.SimCount must be from 1 to {CarrierDataset.MaxSimCount:N0}.");
        }

        if (RequestsPerSecond < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(RequestsPerSecond), RequestsPerSecond, "CarrierSimulatorOptions.RequestsPerSecond must be 0 (no limit) or more.");
        }

        CheckRate(ServiceUnavailableRate, nameof(ServiceUnavailableRate));
        CheckRate(SlowAnswerRate, nameof(SlowAnswerRate));
        CheckRate(DroppedConnectionRate, nameof(DroppedConnectionRate));
        if (ServiceUnavailableRate + SlowAnswerRate + DroppedConnectionRate > 1)
        {
            throw new ArgumentException("The fault rates of CarrierSimulatorOptions add up to more than 1.", nameof(ServiceUnavailableRate));
        }

        if (SlowAnswerDelay < TimeSpan.Zero || SlowAnswerDelay > TimeSpan.FromMinutes(10))
        {
            throw new ArgumentOutOfRangeException(nameof(SlowAnswerDelay), SlowAnswerDelay, "CarrierSimulatorOptions.SlowAnswerDelay must be from zero to 10 minutes.");
        }

        CheckRequired(ControlCenterUserName, nameof(ControlCenterUserName));
        CheckRequired(ControlCenterApiKey, nameof(ControlCenterApiKey));
        CheckRequired(SuperSimAccountSid, nameof(SuperSimAccountSid));
        CheckRequired(SuperSimAuthToken, nameof(SuperSimAuthToken));
        if (ControlCenterUserName.Contains(':', StringComparison.Ordinal) || SuperSimAccountSid.Contains(':', StringComparison.Ordinal))
        {
            throw new ArgumentException("HTTP Basic user names cannot contain ':'.", nameof(ControlCenterUserName));
        }

        ArgumentNullException.ThrowIfNull(ListenAddress, nameof(ListenAddress));
        if (Port is < 0 or > 65_535)
        {
            throw new ArgumentOutOfRangeException(nameof(Port), Port, "CarrierSimulatorOptions.Port must be from 0 to 65535.");
        }

        ArgumentNullException.ThrowIfNull(TimeProvider, nameof(TimeProvider));
    }

    private static void CheckRate(double rate, string name)
    {
        if (double.IsNaN(rate) || rate is < 0 or > 1)
        {
            throw new ArgumentOutOfRangeException(name, rate, $"CarrierSimulatorOptions.{name} must be from 0 to 1.");
        }
    }

    private static void CheckRequired(string? value, string name)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new ArgumentException($"CarrierSimulatorOptions.{name} is required.", name);
        }
    }
}
