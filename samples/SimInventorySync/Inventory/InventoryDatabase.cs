using System.Globalization;
using CarrierSimulator;
using Microsoft.Data.Sqlite;
using SimInventorySync.Carriers;

namespace SimInventorySync.Inventory;

/// <summary>
/// The SQLite database of the sample: the local inventory (generated from a seed), and per session the carrier's
/// state of each SIM (upserted by ICCID) and the mismatches (one row per ICCID and kind).
/// </summary>
internal sealed class InventoryDatabase : IAsyncDisposable
{
    private const int SchemaVersion = 1;

    private readonly SqliteConnection _connection;

    private InventoryDatabase(string path, SqliteConnection connection)
    {
        Path = path;
        _connection = connection;
    }

    /// <summary>The full path of the database file.</summary>
    public string Path { get; }

    internal SqliteConnection Connection => _connection;

    /// <summary>Opens (or creates) the database and its tables.</summary>
    /// <exception cref="SyncException">The file cannot be opened or is not a usable database.</exception>
    public static async Task<InventoryDatabase> OpenAsync(string path, CancellationToken cancellationToken)
    {
        var fullPath = System.IO.Path.GetFullPath(path);
        if (Directory.Exists(fullPath))
        {
            throw new SyncException($"The database path '{fullPath}' is a folder; give --db a file name.");
        }

        var folder = System.IO.Path.GetDirectoryName(fullPath);
        if (!string.IsNullOrEmpty(folder))
        {
            Directory.CreateDirectory(folder);
        }

        var connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = fullPath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            // No pool: the file is released when the run ends, so another process (or a test) can take it over.
            Pooling = false,
            DefaultTimeout = 30,
        }.ToString();
        var connection = new SqliteConnection(connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            await ExecuteAsync(connection, null, """
                PRAGMA journal_mode = WAL;
                PRAGMA synchronous = NORMAL;
                CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
                CREATE TABLE IF NOT EXISTS inventory (
                    iccid TEXT PRIMARY KEY,
                    status TEXT NOT NULL,
                    rate_plan TEXT NOT NULL,
                    fleet_sid TEXT NOT NULL) WITHOUT ROWID;
                CREATE TABLE IF NOT EXISTS sessions (
                    session_id TEXT PRIMARY KEY,
                    source TEXT NOT NULL,
                    carrier TEXT NOT NULL,
                    started_at TEXT NOT NULL,
                    completed_at TEXT) WITHOUT ROWID;
                CREATE TABLE IF NOT EXISTS carrier_sims (
                    session_id TEXT NOT NULL,
                    iccid TEXT NOT NULL,
                    status TEXT NOT NULL,
                    plan TEXT NOT NULL,
                    page INTEGER NOT NULL,
                    PRIMARY KEY (session_id, iccid)) WITHOUT ROWID;
                CREATE TABLE IF NOT EXISTS mismatches (
                    session_id TEXT NOT NULL,
                    iccid TEXT NOT NULL,
                    kind TEXT NOT NULL,
                    local_value TEXT,
                    carrier_value TEXT,
                    PRIMARY KEY (session_id, iccid, kind)) WITHOUT ROWID;
                INSERT INTO meta (key, value) VALUES ('schema_version', '1') ON CONFLICT (key) DO NOTHING;
                """, cancellationToken).ConfigureAwait(false);
            var version = await ScalarAsync(connection, "SELECT value FROM meta WHERE key = 'schema_version'", cancellationToken).ConfigureAwait(false);
            if (version != SchemaVersion.ToString(CultureInfo.InvariantCulture))
            {
                throw new SyncException($"The database '{fullPath}' has schema version {version}, but this program reads version {SchemaVersion}; use another --db.");
            }

            return new InventoryDatabase(fullPath, connection);
        }
        catch (SqliteException ex)
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw new SyncException($"The database '{fullPath}' is not usable: {ex.Message.TrimEnd('.')} (SQLite error {ex.SqliteErrorCode}). Use another --db, or delete the file to start over.", ex);
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// Makes sure the local inventory exists: created from <paramref name="seed"/> and <paramref name="carrierSims"/>
    /// the first time (in one transaction, so a crash leaves none), and checked against them afterwards.
    /// </summary>
    public async Task<InventoryInfo> EnsureInventoryAsync(int seed, int carrierSims, CancellationToken cancellationToken)
    {
        var storedSeed = await ScalarAsync(_connection, "SELECT value FROM meta WHERE key = 'inventory_seed'", cancellationToken).ConfigureAwait(false);
        var storedSims = await ScalarAsync(_connection, "SELECT value FROM meta WHERE key = 'inventory_sims'", cancellationToken).ConfigureAwait(false);
        if (storedSeed is not null && storedSims is not null)
        {
            var knownSeed = int.Parse(storedSeed, CultureInfo.InvariantCulture);
            var knownSims = int.Parse(storedSims, CultureInfo.InvariantCulture);
            if (knownSeed != seed || knownSims != carrierSims)
            {
                throw new SyncException($"The database '{Path}' holds the local inventory of seed {knownSeed} for {knownSims} SIMs, not seed {seed} for {carrierSims}: pass --seed {knownSeed} --sims {knownSims}, or use another --db.");
            }

            return new InventoryInfo(seed, carrierSims, await CountInventoryAsync(cancellationToken).ConfigureAwait(false), Created: false);
        }

        var dataset = CarrierDataset.Generate(seed, carrierSims);
        using (var transaction = _connection.BeginTransaction())
        {
            using var insert = _connection.CreateCommand();
            insert.Transaction = transaction;
            insert.CommandText = "INSERT INTO inventory (iccid, status, rate_plan, fleet_sid) VALUES ($iccid, $status, $ratePlan, $fleetSid) ON CONFLICT (iccid) DO UPDATE SET status = excluded.status, rate_plan = excluded.rate_plan, fleet_sid = excluded.fleet_sid";
            var iccid = insert.Parameters.Add("$iccid", SqliteType.Text);
            var status = insert.Parameters.Add("$status", SqliteType.Text);
            var ratePlan = insert.Parameters.Add("$ratePlan", SqliteType.Text);
            var fleetSid = insert.Parameters.Add("$fleetSid", SqliteType.Text);
            insert.Prepare();
            foreach (var sim in dataset.LocalInventory)
            {
                cancellationToken.ThrowIfCancellationRequested();
                iccid.Value = sim.Iccid;
                status.Value = sim.Status.ToCanonical();
                ratePlan.Value = sim.Plan.Name;
                fleetSid.Value = sim.Plan.FleetSid;
                insert.ExecuteNonQuery();
            }

            await ExecuteAsync(_connection, transaction, $"""
                INSERT INTO meta (key, value) VALUES ('inventory_seed', '{seed.ToString(CultureInfo.InvariantCulture)}');
                INSERT INTO meta (key, value) VALUES ('inventory_sims', '{carrierSims.ToString(CultureInfo.InvariantCulture)}');
                """, cancellationToken).ConfigureAwait(false);
            transaction.Commit();
        }

        return new InventoryInfo(seed, carrierSims, dataset.LocalInventory.Count, Created: true);
    }

    public async Task<long> CountInventoryAsync(CancellationToken cancellationToken) =>
        long.Parse(await ScalarAsync(_connection, "SELECT COUNT(*) FROM inventory", cancellationToken).ConfigureAwait(false) ?? "0", CultureInfo.InvariantCulture);

    /// <summary>Loads a session, or records it as started now.</summary>
    /// <exception cref="SyncException">The session exists but reads another source.</exception>
    public async Task<SessionInfo> GetOrStartSessionAsync(string sessionId, CarrierSource source, string carrier, DateTimeOffset now, CancellationToken cancellationToken)
    {
        using (var insert = _connection.CreateCommand())
        {
            insert.CommandText = "INSERT INTO sessions (session_id, source, carrier, started_at) VALUES ($id, $source, $carrier, $now) ON CONFLICT (session_id) DO NOTHING";
            insert.Parameters.AddWithValue("$id", sessionId);
            insert.Parameters.AddWithValue("$source", SourceName(source));
            insert.Parameters.AddWithValue("$carrier", carrier);
            insert.Parameters.AddWithValue("$now", FormatTime(now));
            await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        var session = await FindSessionAsync(sessionId, cancellationToken).ConfigureAwait(false)
            ?? throw new SyncException($"Session '{sessionId}' could not be recorded in '{Path}'.");
        if (session.Source != source)
        {
            throw new SyncException($"Session '{sessionId}' reconciles against {SourceName(session.Source)}, not {SourceName(source)}: pass --source {SourceName(session.Source)}, or another --session to start a new reconciliation.");
        }

        return session;
    }

    public async Task<SessionInfo?> FindSessionAsync(string sessionId, CancellationToken cancellationToken)
    {
        using var select = _connection.CreateCommand();
        select.CommandText = "SELECT source, started_at, completed_at FROM sessions WHERE session_id = $id";
        select.Parameters.AddWithValue("$id", sessionId);
        using var reader = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        var sourceText = reader.GetString(0);
        var source = TryParseSource(sourceText)
            ?? throw new SyncException($"Session '{sessionId}' in '{Path}' names an unknown source '{sourceText}'.");
        return new SessionInfo(
            sessionId,
            source,
            ParseTime(reader.GetString(1)),
            reader.IsDBNull(2) ? null : ParseTime(reader.GetString(2)));
    }

    /// <summary>
    /// Ends a session whose carrier pages were all applied: the SIMs only the local inventory has become
    /// <c>missing_at_carrier</c> rows, and the session is marked completed. Idempotent.
    /// </summary>
    public async Task CompleteSessionAsync(string sessionId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        using var transaction = _connection.BeginTransaction();
        using (var missing = _connection.CreateCommand())
        {
            missing.Transaction = transaction;
            missing.CommandText = """
                INSERT INTO mismatches (session_id, iccid, kind, local_value, carrier_value)
                SELECT $id, i.iccid, 'missing_at_carrier', i.status, NULL
                FROM inventory i
                WHERE NOT EXISTS (SELECT 1 FROM carrier_sims c WHERE c.session_id = $id AND c.iccid = i.iccid)
                ON CONFLICT (session_id, iccid, kind) DO NOTHING;
                UPDATE sessions SET completed_at = COALESCE(completed_at, $now) WHERE session_id = $id;
                """;
            missing.Parameters.AddWithValue("$id", sessionId);
            missing.Parameters.AddWithValue("$now", FormatTime(now));
            await missing.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        transaction.Commit();
    }

    /// <summary>The summary of a session, by query.</summary>
    public async Task<ReconciliationSummary> GetSummaryAsync(string sessionId, CancellationToken cancellationToken)
    {
        using var count = _connection.CreateCommand();
        count.CommandText = "SELECT COUNT(*) FROM carrier_sims WHERE session_id = $id";
        count.Parameters.AddWithValue("$id", sessionId);
        var sims = (long)(await count.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;

        var byKind = new Dictionary<string, long>(StringComparer.Ordinal);
        using var kinds = _connection.CreateCommand();
        kinds.CommandText = "SELECT kind, COUNT(*) FROM mismatches WHERE session_id = $id GROUP BY kind";
        kinds.Parameters.AddWithValue("$id", sessionId);
        using var reader = await kinds.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            byKind[reader.GetString(0)] = reader.GetInt64(1);
        }

        return new ReconciliationSummary(sims, byKind.Values.Sum(), byKind);
    }

    public ValueTask DisposeAsync() => _connection.DisposeAsync();

    public static string SourceName(CarrierSource source) => source switch
    {
        CarrierSource.ControlCenter => "controlcenter",
        CarrierSource.SuperSim => "supersim",
        _ => throw new ArgumentOutOfRangeException(nameof(source), source, "Unknown source."),
    };

    public static CarrierSource? TryParseSource(string? text) => text?.ToLowerInvariant() switch
    {
        "controlcenter" => CarrierSource.ControlCenter,
        "supersim" => CarrierSource.SuperSim,
        _ => null,
    };

    private static string FormatTime(DateTimeOffset value) => value.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);

    private static DateTimeOffset ParseTime(string text) =>
        DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

    private static async Task ExecuteAsync(SqliteConnection connection, SqliteTransaction? transaction, string sql, CancellationToken cancellationToken)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async Task<string?> ScalarAsync(SqliteConnection connection, string sql, CancellationToken cancellationToken)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        var value = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        return value is null or DBNull ? null : Convert.ToString(value, CultureInfo.InvariantCulture);
    }
}
