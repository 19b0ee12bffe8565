using Microsoft.Data.Sqlite;

namespace ResumableJobs.Sqlite.Tests.Adversarial;

/// <summary>
/// Rows and schema rows edited by hand (or by a foreign writer that created the tables without the constraints):
/// a NULL cursor, text in the schema version, schema version 0, a job id stored as a blob. Each is a clear error
/// naming the job (or the file), and nothing is overwritten.
/// </summary>
public sealed class HostileRowsTests : IDisposable
{
    private readonly TempFolder _folder = new("hostile-rows");

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task A_null_cursor_written_by_a_writer_without_constraints_is_a_corrupt_checkpoint()
    {
        var path = CreateWithoutConstraints("no-constraints.db");
        SqliteCheckpointStoreTests.ExecuteRaw(path, "INSERT INTO resumablejobs_checkpoints VALUES ('job', NULL, 1, 1, 1, 0, 0, 0)");
        await using var store = new SqliteCheckpointStore(path);

        var error = (await FluentActions.Awaiting(async () => await store.LoadAsync("job", Token)).Should().ThrowAsync<CheckpointCorruptException>()).Which;

        error.JobId.Should().Be("job");
        error.Message.Should().Contain(path).And.Contain("NULL");
        await FluentActions.Awaiting(async () => await store.ListAsync(null, Token)).Should().ThrowAsync<CheckpointCorruptException>();
    }

    [Theory]
    [InlineData("'one'")]
    [InlineData("0")]
    [InlineData("-3")]
    [InlineData("1.5")]
    public async Task A_damaged_schema_version_is_refused_naming_the_file(string version)
    {
        var path = _folder.File("schema.db");
        await using (var setup = new SqliteCheckpointStore(path))
        {
            (await setup.TrySaveAsync(new Checkpoint("job", "1", 1, 1, 1, false, DateTimeOffset.UnixEpoch), Token)).Should().BeTrue();
        }

        SqliteConnection.ClearAllPools();
        SqliteCheckpointStoreTests.ExecuteRaw(path, $"UPDATE resumablejobs_schema SET version = {version}");
        await using var store = new SqliteCheckpointStore(path);

        var error = (await FluentActions.Awaiting(async () => await store.LoadAsync("job", Token)).Should().ThrowAsync<SqliteCheckpointStoreException>()).Which;
        error.Message.Should().Contain(path).And.Contain("schema version");
        await FluentActions.Awaiting(async () => await store.TrySaveAsync(new Checkpoint("job", "2", 2, 2, 2, false, DateTimeOffset.UnixEpoch), Token))
            .Should().ThrowAsync<SqliteCheckpointStoreException>();
    }

    private string CreateWithoutConstraints(string name)
    {
        var path = _folder.File(name);
        SqliteCheckpointStoreTests.ExecuteRaw(
            path,
            """
            CREATE TABLE resumablejobs_schema (id INTEGER PRIMARY KEY, version INTEGER);
            INSERT INTO resumablejobs_schema VALUES (1, 1);
            CREATE TABLE resumablejobs_checkpoints (job_id TEXT PRIMARY KEY, cursor TEXT, version INTEGER, pages_done INTEGER,
                items_done INTEGER, completed INTEGER, updated_at_utc_ticks INTEGER, updated_at_offset_minutes INTEGER);
            """,
            SqliteOpenMode.ReadWriteCreate);
        return path;
    }
}
