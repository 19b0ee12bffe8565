using Microsoft.Data.Sqlite;

namespace ResumableJobs.Sqlite.Tests;

/// <summary>What the SQLite store does beyond the conformance suite: schema, pragmas, storage format, lifetime.</summary>
public sealed class SqliteCheckpointStoreTests : IDisposable
{
    private readonly TempFolder _folder = new("store");

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public void Dispose() => _folder.Dispose();

    internal static SqliteConnection OpenRaw(string path, SqliteOpenMode mode = SqliteOpenMode.ReadWrite)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = mode, Pooling = false }.ToString());
        connection.Open();
        return connection;
    }

    internal static object? Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    /// <summary>Runs <paramref name="sql"/> on a connection of its own, bypassing the store, and closes it at once.</summary>
    internal static void ExecuteRaw(string path, string sql, SqliteOpenMode mode = SqliteOpenMode.ReadWrite)
    {
        using var raw = OpenRaw(path, mode);
        Scalar(raw, sql);
    }

    [Fact]
    public async Task The_first_use_creates_the_file_with_a_versioned_schema_in_WAL_mode()
    {
        var path = _folder.File("checkpoints.db");
        await using var store = new SqliteCheckpointStore(path);
        File.Exists(path).Should().BeFalse("nothing is created before the first use");

        (await store.LoadAsync("job", Token)).Should().BeNull();

        File.Exists(path).Should().BeTrue();
        using var raw = OpenRaw(path);
        Scalar(raw, "SELECT version FROM resumablejobs_schema WHERE id = 1").Should().Be(1L);
        Scalar(raw, "SELECT count(*) FROM resumablejobs_checkpoints").Should().Be(0L);
        Scalar(raw, "PRAGMA journal_mode").Should().Be("wal");
    }

    [Theory]
    [InlineData(SqliteDurability.Full, "2")]
    [InlineData(SqliteDurability.Normal, "1")]
    public async Task Durability_sets_the_synchronous_pragma_and_the_busy_timeout_is_applied(SqliteDurability durability, string synchronous)
    {
        await using var store = new SqliteCheckpointStore(new SqliteCheckpointStoreOptions
        {
            Path = _folder.File("checkpoints.db"),
            Durability = durability,
            BusyTimeout = TimeSpan.FromSeconds(12),
        });

        (await store.ReadPragmaAsync("synchronous", Token)).Should().Be(synchronous);
        (await store.ReadPragmaAsync("journal_mode", Token)).Should().Be("wal");
        (await store.ReadPragmaAsync("busy_timeout", Token)).Should().Be("12000");
        store.Durability.Should().Be(durability);
    }

    [Fact]
    public async Task Saves_and_deletes_take_the_write_lock_at_the_start_of_their_transaction()
    {
        await using var store = new SqliteCheckpointStore(_folder.File("checkpoints.db"));
        var statements = new List<string>();
        await store.WithConnectionAsync(
            connection => SQLitePCL.raw.sqlite3_trace(connection.Handle, (_, sql) => statements.Add(sql.utf8_to_string()), null),
            Token);

        (await store.TrySaveAsync(new Checkpoint("job", "c", 1, 1, 1, false, DateTimeOffset.UnixEpoch), Token)).Should().BeTrue();
        (await store.TrySaveAsync(new Checkpoint("job", "c", 3, 1, 1, false, DateTimeOffset.UnixEpoch), Token)).Should().BeFalse();
        (await store.DeleteAsync("job", Token)).Should().BeTrue();

        var transactions = statements.Where(s => s.StartsWith("BEGIN", StringComparison.OrdinalIgnoreCase)).ToList();
        transactions.Should().HaveCount(3).And.OnlyContain(s => s.StartsWith("BEGIN IMMEDIATE", StringComparison.OrdinalIgnoreCase), "a deferred transaction that later writes fails at once when writers meet");
        statements.Should().Contain(s => s.StartsWith("COMMIT", StringComparison.OrdinalIgnoreCase));
        statements.Should().Contain(s => s.StartsWith("ROLLBACK", StringComparison.OrdinalIgnoreCase), "the refused save rolls back");
        TestContext.Current.TestOutputHelper?.WriteLine(string.Join(Environment.NewLine, statements));
    }

    [Fact]
    public async Task Timestamps_are_stored_as_integer_ticks_and_offset_minutes()
    {
        var path = _folder.File("checkpoints.db");
        var at = new DateTimeOffset(2026, 3, 14, 15, 9, 26, TimeSpan.FromMinutes(-210)).AddTicks(5_358_979);
        await using (var store = new SqliteCheckpointStore(path))
        {
            (await store.TrySaveAsync(new Checkpoint("job", "c", 1, 2, 3, true, at), Token)).Should().BeTrue();
        }

        using var raw = OpenRaw(path);
        using var command = raw.CreateCommand();
        command.CommandText = "SELECT typeof(updated_at_utc_ticks), updated_at_utc_ticks, typeof(updated_at_offset_minutes), updated_at_offset_minutes, completed FROM resumablejobs_checkpoints WHERE job_id = 'job'";
        using var reader = command.ExecuteReader();
        reader.Read().Should().BeTrue();
        reader.GetString(0).Should().Be("integer");
        reader.GetInt64(1).Should().Be(at.UtcTicks);
        reader.GetString(2).Should().Be("integer");
        reader.GetInt64(3).Should().Be(-210);
        reader.GetInt64(4).Should().Be(1);
    }

    [Fact]
    public async Task Many_jobs_share_one_file_and_survive_reopening()
    {
        var path = _folder.File("checkpoints.db");
        var expected = Enumerable.Range(0, 300)
            .Select(i => new Checkpoint($"tenant-{i:D3}", $"{{\"page\":{i}}}", 1, i, i * 10, i % 7 == 0, DateTimeOffset.UnixEpoch.AddTicks(i)))
            .ToList();
        await using (var store = new SqliteCheckpointStore(path))
        {
            foreach (var checkpoint in expected)
            {
                (await store.TrySaveAsync(checkpoint, Token)).Should().BeTrue();
            }
        }

        await using var reopened = new SqliteCheckpointStore(path);
        (await reopened.ListAsync(null, Token)).Should().Equal(expected);
        (await reopened.ListAsync("tenant-29", Token)).Select(c => c.JobId).Should().Equal("tenant-290", "tenant-291", "tenant-292", "tenant-293", "tenant-294", "tenant-295", "tenant-296", "tenant-297", "tenant-298", "tenant-299");
    }

    [Fact]
    public async Task Dispose_closes_the_file_and_later_calls_say_the_store_is_disposed()
    {
        var path = _folder.File("checkpoints.db");
        var store = new SqliteCheckpointStore(path);
        (await store.TrySaveAsync(new Checkpoint("job", "c", 1, 1, 1, false, DateTimeOffset.UnixEpoch), Token)).Should().BeTrue();
        File.Exists(path + "-wal").Should().BeTrue("the store runs in WAL mode");

        await store.DisposeAsync();
        store.Dispose();

        File.Exists(path + "-wal").Should().BeFalse("closing the last connection checkpoints the WAL into the file and removes it");
        await FluentActions.Awaiting(async () => await store.LoadAsync("job", Token)).Should().ThrowAsync<ObjectDisposedException>();
        await using var reopened = new SqliteCheckpointStore(path);
        (await reopened.LoadAsync("job", Token))!.Cursor.Should().Be("c");
    }

    [Fact]
    public async Task The_store_describes_itself_with_its_file()
    {
        var path = _folder.File("described.db");
        await using var store = new SqliteCheckpointStore(path);

        store.ToString().Should().Be($"the SQLite checkpoint store '{path}'");
        store.DatabasePath.Should().Be(path);
    }

    [Fact]
    public async Task A_relative_path_is_resolved_once_against_the_current_folder()
    {
        var store = new SqliteCheckpointStore("relative-checkpoints.db");
        await using (store)
        {
            store.DatabasePath.Should().Be(Path.GetFullPath("relative-checkpoints.db"));
        }
    }
}
