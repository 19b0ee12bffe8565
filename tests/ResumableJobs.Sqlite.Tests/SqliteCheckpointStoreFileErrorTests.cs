using System.Security.Cryptography;
using Microsoft.Data.Sqlite;

namespace ResumableJobs.Sqlite.Tests;

/// <summary>A database that cannot be used is a clear error naming the file, and the file is left exactly as it was.</summary>
public sealed class SqliteCheckpointStoreFileErrorTests : IDisposable
{
    private readonly TempFolder _folder = new("errors");

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private static Checkpoint Checkpoint(string jobId, long version, string? cursor = null) =>
        new(jobId, cursor ?? $"cursor {version}", version, version, version * 10, false, DateTimeOffset.UnixEpoch.AddTicks(version));

    public void Dispose() => _folder.Dispose();

    private static string Hash(string path) => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(path)));

    private static async Task<SqliteCheckpointStoreException> AssertUnusableAsync(SqliteCheckpointStore store, string path, string reason)
    {
        var load = await FluentActions.Awaiting(async () => await store.LoadAsync("job", Token)).Should().ThrowAsync<SqliteCheckpointStoreException>();
        load.Which.DatabasePath.Should().Be(path);
        load.Which.Message.Should().Contain($"'{path}'").And.Contain(reason);
        TransientFaults.IsTransient(load.Which).Should().BeFalse("retrying cannot fix the file");

        await FluentActions.Awaiting(async () => await store.TrySaveAsync(Checkpoint("job", 1), Token)).Should().ThrowAsync<SqliteCheckpointStoreException>().WithMessage($"*{reason}*");
        await FluentActions.Awaiting(async () => await store.ListAsync(null, Token)).Should().ThrowAsync<SqliteCheckpointStoreException>().WithMessage($"*{reason}*");
        await FluentActions.Awaiting(async () => await store.DeleteAsync("job", Token)).Should().ThrowAsync<SqliteCheckpointStoreException>().WithMessage($"*{reason}*");
        return load.Which;
    }

    private async Task<string> CreateDatabaseWithCheckpointsAsync(string name, int jobs)
    {
        var path = _folder.File(name);
        await using var store = new SqliteCheckpointStore(path);
        for (var i = 0; i < jobs; i++)
        {
            (await store.TrySaveAsync(Checkpoint($"job-{i:D3}", 1, new string((char)('a' + (i % 26)), 2_000)), Token)).Should().BeTrue();
        }

        return path;
    }

    [Theory]
    [InlineData("{\"checkpoint\": \"this is JSON, not a SQLite database, and long enough to fill a database header of one hundred bytes\"}")]
    [InlineData("SQLite format 2\0 looks almost right but is not the SQLite 3 header, and goes on for more than a hundred bytes......")]
    public async Task A_file_that_is_not_a_SQLite_database_is_reported_and_left_untouched(string content)
    {
        var path = _folder.File("not-a-database.db");
        await File.WriteAllTextAsync(path, content, Token);
        var before = Hash(path);
        await using var store = new SqliteCheckpointStore(path);

        await AssertUnusableAsync(store, path, "is not a SQLite database");

        Hash(path).Should().Be(before);
    }

    [Fact]
    public async Task A_truncated_database_is_reported_as_damaged_and_left_untouched()
    {
        var original = await CreateDatabaseWithCheckpointsAsync("full.db", jobs: 100);
        var bytes = await File.ReadAllBytesAsync(original, Token);
        bytes.Length.Should().BeGreaterThan(100_000, "the checkpoints fill many pages");

        foreach (var length in new[] { bytes.Length / 2, bytes.Length / 2 + 1_000, bytes.Length - 4_096, 4_096, 50 })
        {
            var path = _folder.File($"truncated-{length}.db");
            await File.WriteAllBytesAsync(path, bytes.AsMemory(0, length), Token);
            await using var store = new SqliteCheckpointStore(path);

            await AssertUnusableAsync(store, path, "is damaged (malformed or truncated)");

            new FileInfo(path).Length.Should().Be(length, "nothing was written to the damaged file");
            var after = await File.ReadAllBytesAsync(path, Token);
            after.Should().Equal(bytes.Take(length), "the damaged file is left byte for byte as it was");
        }
    }

    [Fact]
    public async Task A_database_in_a_missing_folder_is_reported_and_the_folder_is_not_created()
    {
        var folder = _folder.File("no-such-folder");
        var path = Path.Combine(folder, "checkpoints.db");
        await using var store = new SqliteCheckpointStore(path);

        var error = await AssertUnusableAsync(store, path, $"its folder '{folder}' does not exist");

        error.InnerException.Should().BeOfType<SqliteException>();
        Directory.Exists(folder).Should().BeFalse();
    }

    [Fact]
    public async Task A_path_that_is_a_folder_is_reported()
    {
        var path = _folder.File("a-folder.db");
        Directory.CreateDirectory(path);
        await using var store = new SqliteCheckpointStore(path);

        await AssertUnusableAsync(store, path, "is a folder, not a file");
    }

    [Fact]
    public async Task A_database_opened_read_only_serves_loads_but_refuses_saves_with_a_clear_error()
    {
        var path = await CreateDatabaseWithCheckpointsAsync("read-only.db", jobs: 3);
        var before = Hash(path);
        await using var store = new SqliteCheckpointStore(new SqliteCheckpointStoreOptions { ConnectionString = $"Data Source={path};Mode=ReadOnly" });

        (await store.LoadAsync("job-001", Token))!.Version.Should().Be(1);
        (await store.ListAsync(null, Token)).Should().HaveCount(3);
        var save = await FluentActions.Awaiting(async () => await store.TrySaveAsync(Checkpoint("job-001", 2), Token)).Should().ThrowAsync<SqliteCheckpointStoreException>();
        save.Which.Message.Should().Contain($"'{path}'").And.Contain("is read-only");
        await FluentActions.Awaiting(async () => await store.DeleteAsync("job-001", Token)).Should().ThrowAsync<SqliteCheckpointStoreException>().WithMessage("*is read-only*");

        (await store.LoadAsync("job-001", Token))!.Version.Should().Be(1, "the store recovers for reads after a refused write");
        await store.DisposeAsync();
        Hash(path).Should().Be(before);
    }

    [Fact]
    public async Task A_read_only_database_without_checkpoint_tables_holds_no_checkpoints_and_refuses_saves()
    {
        var path = _folder.File("foreign.db");
        SqliteCheckpointStoreTests.ExecuteRaw(path, "CREATE TABLE someone_elses (x INTEGER)", SqliteOpenMode.ReadWriteCreate);

        var before = Hash(path);
        await using var store = new SqliteCheckpointStore(new SqliteCheckpointStoreOptions { ConnectionString = $"Data Source={path};Mode=ReadOnly" });

        (await store.LoadAsync("job", Token)).Should().BeNull();
        (await store.ListAsync(null, Token)).Should().BeEmpty();
        (await store.DeleteAsync("job", Token)).Should().BeFalse();
        await FluentActions.Awaiting(async () => await store.TrySaveAsync(Checkpoint("job", 1), Token)).Should().ThrowAsync<SqliteCheckpointStoreException>()
            .WithMessage($"*'{path}' is read-only and has no checkpoint tables*");
        await store.DisposeAsync();
        Hash(path).Should().Be(before);
    }

    [Fact]
    public async Task A_file_without_write_permission_serves_loads_but_refuses_saves()
    {
        Assert.SkipWhen(OperatingSystem.IsWindows(), "Unix file modes only");
        Assert.SkipWhen(Environment.UserName == "root", "root ignores file permissions, so a read-only file cannot be made here; Mode=ReadOnly is tested instead");
        var path = await CreateDatabaseWithCheckpointsAsync("no-write.db", jobs: 2);
#pragma warning disable CA1416 // Skipped on Windows above.
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
#pragma warning restore CA1416
        var before = Hash(path);
        await using var store = new SqliteCheckpointStore(path);

        (await store.LoadAsync("job-000", Token)).Should().NotBeNull();
        await FluentActions.Awaiting(async () => await store.TrySaveAsync(Checkpoint("job-000", 2), Token)).Should().ThrowAsync<SqliteCheckpointStoreException>().WithMessage($"*'{path}' is read-only*");
        await store.DisposeAsync();
        Hash(path).Should().Be(before);
    }

    [Fact]
    public async Task A_schema_from_a_newer_release_is_refused_and_left_untouched()
    {
        var path = await CreateDatabaseWithCheckpointsAsync("newer.db", jobs: 1);
        SqliteCheckpointStoreTests.ExecuteRaw(path, "UPDATE resumablejobs_schema SET version = 2");

        var before = Hash(path);
        await using var store = new SqliteCheckpointStore(path);

        await AssertUnusableAsync(store, path, "has checkpoint schema version 2, written by a newer release");

        await store.DisposeAsync();
        Hash(path).Should().Be(before);
    }

    [Fact]
    public async Task A_half_present_schema_is_refused()
    {
        var path = _folder.File("half.db");
        SqliteCheckpointStoreTests.ExecuteRaw(path, "CREATE TABLE resumablejobs_checkpoints (job_id TEXT)", SqliteOpenMode.ReadWriteCreate);

        await using var store = new SqliteCheckpointStore(path);

        await AssertUnusableAsync(store, path, "holds the table resumablejobs_checkpoints but not the other table");
    }

    [Theory]
    [InlineData("version = 0", "numbers are out of range")]
    [InlineData("items_done = -5", "numbers are out of range")]
    [InlineData("completed = 7", "numbers are out of range")]
    [InlineData("version = 'two'", "version holds a TEXT, not an integer")]
    [InlineData("cursor = x'00ff'", "its cursor is not text")]
    [InlineData("updated_at_offset_minutes = 900", "its timestamp is out of range")]
    [InlineData("updated_at_utc_ticks = -1", "its timestamp is out of range")]
    public async Task A_damaged_row_is_a_corrupt_checkpoint_naming_the_job_and_the_file(string damage, string reason)
    {
        var path = await CreateDatabaseWithCheckpointsAsync("damaged.db", jobs: 2);
        // The table's CHECK constraints stop such rows; a foreign writer without them is what this simulates.
        SqliteCheckpointStoreTests.ExecuteRaw(path, $"PRAGMA ignore_check_constraints = 1; UPDATE resumablejobs_checkpoints SET {damage} WHERE job_id = 'job-001'");

        await using var store = new SqliteCheckpointStore(path);

        var error = (await FluentActions.Awaiting(async () => await store.LoadAsync("job-001", Token)).Should().ThrowAsync<CheckpointCorruptException>()).Which;
        error.JobId.Should().Be("job-001");
        error.Message.Should().Contain($"'{path}'").And.Contain(reason);
        await FluentActions.Awaiting(async () => await store.ListAsync(null, Token)).Should().ThrowAsync<CheckpointCorruptException>();
        (await store.LoadAsync("job-000", Token)).Should().NotBeNull("the other job is intact");
    }

    [Fact]
    public async Task The_check_constraints_refuse_damaged_rows_written_through_SQL()
    {
        var path = await CreateDatabaseWithCheckpointsAsync("checked.db", jobs: 1);
        using var raw = SqliteCheckpointStoreTests.OpenRaw(path);

        FluentActions.Invoking(() => SqliteCheckpointStoreTests.Scalar(raw, "UPDATE resumablejobs_checkpoints SET version = 0"))
            .Should().Throw<SqliteException>().Which.SqliteErrorCode.Should().Be(19, "SQLITE_CONSTRAINT");
        FluentActions.Invoking(() => SqliteCheckpointStoreTests.Scalar(raw, "UPDATE resumablejobs_checkpoints SET cursor = x'00'"))
            .Should().Throw<SqliteException>();
    }

    [Fact]
    public async Task A_lock_held_longer_than_the_busy_timeout_is_a_transient_fault_and_the_store_recovers()
    {
        var path = await CreateDatabaseWithCheckpointsAsync("busy.db", jobs: 1);
        await using var store = new SqliteCheckpointStore(new SqliteCheckpointStoreOptions { Path = path, BusyTimeout = TimeSpan.FromMilliseconds(50) });
        (await store.LoadAsync("job-000", Token)).Should().NotBeNull();

        using (var holder = SqliteCheckpointStoreTests.OpenRaw(path))
        {
            using var transaction = holder.BeginTransaction(deferred: false);

            var error = (await FluentActions.Awaiting(async () => await store.TrySaveAsync(Checkpoint("job-000", 2), Token)).Should().ThrowAsync<TransientFaultException>()).Which;

            error.Message.Should().Contain($"'{path}'").And.Contain("locked by another writer");
            error.InnerException.Should().BeOfType<SqliteException>().Which.SqliteErrorCode.Should().Be(5, "SQLITE_BUSY");
            TransientFaults.IsTransient(error).Should().BeTrue("the engine retries it");
            (await store.LoadAsync("job-000", Token))!.Version.Should().Be(1, "readers are not blocked by a writer in WAL mode");
        }

        (await store.TrySaveAsync(Checkpoint("job-000", 2), Token)).Should().BeTrue();
    }
}
