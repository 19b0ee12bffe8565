using BenchmarkDotNet.Attributes;
using Microsoft.Data.Sqlite;

namespace ResumableJobs.Stores.Benchmarks;

/// <summary>
/// One checkpoint save of <see cref="SqliteCheckpointStore"/> (a BEGIN IMMEDIATE transaction holding a conditional
/// UPDATE) against the raw Microsoft.Data.Sqlite upsert of the same row (one autocommit statement), in the same
/// WAL database setup and durability mode, each in its own file.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class SqliteSaveBenchmarks
{
    private const string JobId = "benchmark-job";
    private const string Cursor = "{\"after\":\"2026-03-14T15:09:26.5358979Z\",\"id\":\"sim-000000123456\"}";

    private string _folder = string.Empty;
    private SqliteCheckpointStore _store = null!;
    private SqliteConnection _raw = null!;
    private SqliteCommand _upsert = null!;
    private long _storeVersion;
    private long _rawVersion;

    [Params(SqliteDurability.Full, SqliteDurability.Normal)]
    public SqliteDurability Durability { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _folder = BenchmarkFolder.Create("sqlite");
        _store = new SqliteCheckpointStore(new SqliteCheckpointStoreOptions { Path = Path.Combine(_folder, "store.db"), Durability = Durability });
        _storeVersion = 0;

        _raw = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Path.Combine(_folder, "raw.db"), Pooling = false }.ToString());
        _raw.Open();
        using (var setup = _raw.CreateCommand())
        {
            setup.CommandText =
                $"""
                PRAGMA journal_mode = WAL;
                PRAGMA synchronous = {(Durability == SqliteDurability.Full ? "FULL" : "NORMAL")};
                PRAGMA busy_timeout = 30000;
                CREATE TABLE checkpoints (
                    job_id TEXT NOT NULL PRIMARY KEY, cursor TEXT NOT NULL, version INTEGER NOT NULL, pages_done INTEGER NOT NULL,
                    items_done INTEGER NOT NULL, completed INTEGER NOT NULL, updated_at_utc_ticks INTEGER NOT NULL, updated_at_offset_minutes INTEGER NOT NULL
                ) WITHOUT ROWID;
                """;
            setup.ExecuteNonQuery();
        }

        _upsert = _raw.CreateCommand();
        _upsert.CommandText =
            """
            INSERT INTO checkpoints VALUES ($job_id, $cursor, $version, $pages, $items, 0, $ticks, 0)
            ON CONFLICT (job_id) DO UPDATE SET cursor = excluded.cursor, version = excluded.version, pages_done = excluded.pages_done,
                items_done = excluded.items_done, completed = excluded.completed, updated_at_utc_ticks = excluded.updated_at_utc_ticks,
                updated_at_offset_minutes = excluded.updated_at_offset_minutes;
            """;
        foreach (var name in new[] { "$job_id", "$cursor", "$version", "$pages", "$items", "$ticks" })
        {
            _upsert.Parameters.Add(new SqliteParameter { ParameterName = name });
        }

        _rawVersion = 0;
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _store.Dispose();
        _upsert.Dispose();
        _raw.Dispose();
        BenchmarkFolder.Delete(_folder);
    }

    [Benchmark(Baseline = true, Description = "raw upsert")]
    public int RawUpsert()
    {
        var version = ++_rawVersion;
        _upsert.Parameters["$job_id"].Value = JobId;
        _upsert.Parameters["$cursor"].Value = Cursor;
        _upsert.Parameters["$version"].Value = version;
        _upsert.Parameters["$pages"].Value = version;
        _upsert.Parameters["$items"].Value = version * 100;
        _upsert.Parameters["$ticks"].Value = DateTimeOffset.UtcNow.UtcTicks;
        return _upsert.ExecuteNonQuery();
    }

    [Benchmark(Description = "SqliteCheckpointStore.TrySaveAsync")]
    public async Task<bool> StoreSave()
    {
        var version = ++_storeVersion;
        var saved = await _store.TrySaveAsync(new Checkpoint(JobId, Cursor, version, version, version * 100, false, DateTimeOffset.UtcNow), CancellationToken.None);
        return saved ? saved : throw new InvalidOperationException($"Save of version {version} was refused.");
    }
}
