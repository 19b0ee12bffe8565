using ResumableJobs;
using SimInventorySync.Carriers;

namespace SimInventorySync;

/// <summary>What one run of the program does. The command line fills it; tests set the knobs it does not expose.</summary>
internal sealed record SyncSettings
{
    public const string DefaultDatabasePath = "siminventory.db";

    /// <summary>The SQLite database of the inventory and the reconciliations.</summary>
    public string DatabasePath { get; init; } = DefaultDatabasePath;

    /// <summary>How many SIMs the carrier holds (the local inventory is generated for that many).</summary>
    public int Sims { get; init; } = 20_000;

    /// <summary>The seed of the data.</summary>
    public int Seed { get; init; } = 42;

    /// <summary>Which carrier API to read.</summary>
    public CarrierSource Source { get; init; } = CarrierSource.ControlCenter;

    /// <summary>The reconciliation's name; <see langword="null"/> for the default, the source's name.</summary>
    public string? SessionId { get; init; }

    /// <summary>The share of the in-process simulator's calls that meet a fault.</summary>
    public double FaultRate { get; init; } = 0.03;

    /// <summary>The in-process simulator's calls per second per account.</summary>
    public int RateLimit { get; init; } = 25;

    /// <summary>How long the in-process simulator's slow answers take.</summary>
    public TimeSpan SlowAnswerDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>A carrier endpoint to use instead of the in-process simulator.</summary>
    public Uri? CarrierUrl { get; init; }

    /// <summary>The credentials for <see cref="CarrierUrl"/>.</summary>
    public CarrierCredentials? Credentials { get; init; }

    /// <summary>The page size; <see langword="null"/> for the API's largest.</summary>
    public int? PageSize { get; init; }

    /// <summary>How fetches, applies and saves are retried.</summary>
    public RetryOptions Retry { get; init; } = new()
    {
        BaseDelay = TimeSpan.FromMilliseconds(200),
        MaxDelay = TimeSpan.FromSeconds(5),
        MaxRetryAttempts = 8,
    };

    /// <summary>How long one call to the carrier may take.</summary>
    public TimeSpan HttpTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How often a plain progress line is printed when output is not a terminal.</summary>
    public TimeSpan PlainProgressInterval { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>The session id in effect.</summary>
    public string EffectiveSessionId => SessionId ?? Inventory.InventoryDatabase.SourceName(Source);

    /// <summary>The job id of the session's checkpoint.</summary>
    public string JobId => "reconcile-" + EffectiveSessionId;
}
