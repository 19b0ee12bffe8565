using System.Globalization;
using Microsoft.Data.Sqlite;

namespace ResumableJobs;

/// <summary>
/// The durable embedded checkpoint store: many jobs in one SQLite file. The schema is created on first use and
/// carries a version for later migrations. The database runs in WAL mode; every write is a <c>BEGIN IMMEDIATE</c>
/// transaction (it takes the write lock at its start, so writers that meet wait for each other within the busy
/// timeout instead of failing with "database is locked"); saves are conditional on the version. A file that is
/// not a SQLite database, is damaged or truncated, is read-only, or sits in a missing folder is reported with a
/// <see cref="SqliteCheckpointStoreException"/> naming the file, and is never overwritten. A lock held by another
/// writer for longer than the busy timeout is a transient <see cref="TransientFaultException"/>.
/// </summary>
/// <remarks>
/// The store keeps one connection open and runs one operation at a time on it; other processes and other stores
/// on the same file are coordinated by SQLite's locks. Microsoft.Data.Sqlite is synchronous underneath, so an
/// operation blocks its thread while SQLite works (and, at most for the busy timeout, while it waits for a lock);
/// cancellation is observed before each statement. Dispose the store to close the file.
/// </remarks>
public sealed class SqliteCheckpointStore : ICheckpointStore, IDisposable, IAsyncDisposable
{
    private readonly string _connectionString;
    private readonly string _databasePath;
    private readonly SqliteCheckpointStoreOptions _options;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private OpenDatabase? _database;
    private bool _disposed;

    /// <summary>Creates a store in the database file <paramref name="path"/>, with full durability.</summary>
    /// <param name="path">The database file; created on first use. Its folder must exist.</param>
    /// <exception cref="ArgumentException">The path is empty or not a valid file path.</exception>
    public SqliteCheckpointStore(string path)
        : this(new SqliteCheckpointStoreOptions { Path = path })
    {
    }

    /// <summary>Creates a store with options.</summary>
    /// <param name="options">The options; validated and copied here.</param>
    /// <exception cref="ArgumentException">An option is invalid; the message names it.</exception>
    public SqliteCheckpointStore(SqliteCheckpointStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Clone();
        (_connectionString, _databasePath) = _options.Resolve();
    }

    /// <summary>The full path of the database file.</summary>
    public string DatabasePath => _databasePath;

    /// <summary>The durability mode of the store's saves.</summary>
    public SqliteDurability Durability => _options.Durability;

    /// <inheritdoc />
    public ValueTask<Checkpoint?> LoadAsync(string jobId, CancellationToken cancellationToken)
    {
        JobIds.Validate(jobId);
        return RunAsync(
            $"loading the checkpoint of job '{jobId}'",
            (database, ct) =>
            {
                if (!database.HasSchema)
                {
                    return null;
                }

                var command = database.Load;
                command.Parameters["$job_id"].Value = jobId;
                using var reader = command.ExecuteReader();
                return reader.Read() ? ReadCheckpoint(reader, jobId, firstColumn: 0) : null;
            },
            cancellationToken);
    }

    /// <inheritdoc />
    public ValueTask<bool> TrySaveAsync(Checkpoint checkpoint, CancellationToken cancellationToken)
    {
        CheckpointValidation.ValidateForSave(checkpoint);
        return RunAsync(
            $"saving version {checkpoint.Version} of the checkpoint of job '{checkpoint.JobId}'",
            (database, ct) =>
            {
                database.EnsureWritableSchema();
                var command = checkpoint.Version == 1 ? database.Insert : database.Update;
                var parameters = command.Parameters;
                parameters["$job_id"].Value = checkpoint.JobId;
                parameters["$cursor"].Value = checkpoint.Cursor;
                parameters["$version"].Value = checkpoint.Version;
                parameters["$pages_done"].Value = checkpoint.PagesDone;
                parameters["$items_done"].Value = checkpoint.ItemsDone;
                parameters["$completed"].Value = checkpoint.Completed ? 1L : 0L;
                parameters["$updated_at_utc_ticks"].Value = checkpoint.UpdatedAt.UtcTicks;
                parameters["$updated_at_offset_minutes"].Value = (long)checkpoint.UpdatedAt.Offset.TotalMinutes;

                // No row changed when the stored version was not checkpoint.Version - 1: another writer saved first.
                return database.TryChangeOneRow(command, ct);
            },
            cancellationToken);
    }

    /// <inheritdoc />
    public ValueTask<bool> DeleteAsync(string jobId, CancellationToken cancellationToken)
    {
        JobIds.Validate(jobId);
        return RunAsync(
            $"deleting the checkpoint of job '{jobId}'",
            (database, ct) =>
            {
                if (!database.HasSchema)
                {
                    return false;
                }

                var command = database.Delete;
                command.Parameters["$job_id"].Value = jobId;
                return database.TryChangeOneRow(command, ct);
            },
            cancellationToken);
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<Checkpoint>> ListAsync(string? jobIdPrefix, CancellationToken cancellationToken) =>
        RunAsync<IReadOnlyList<Checkpoint>>(
            jobIdPrefix is null ? "listing the checkpoints" : $"listing the checkpoints of jobs starting with '{jobIdPrefix}'",
            (database, ct) =>
            {
                var list = new List<Checkpoint>();
                if (!database.HasSchema)
                {
                    return list;
                }

                var command = database.List;
                command.Parameters["$prefix"].Value = (object?)jobIdPrefix ?? DBNull.Value;
                using var reader = command.ExecuteReader();
                while (reader.Read())
                {
                    ct.ThrowIfCancellationRequested();
                    var jobId = reader.GetString(0);
                    list.Add(ReadCheckpoint(reader, jobId, firstColumn: 1));
                }

                return list;
            },
            cancellationToken);

    /// <summary>Closes the database file. Operations after this throw <see cref="ObjectDisposedException"/>.</summary>
    public void Dispose()
    {
        _gate.Wait();
        CloseForGoodAndReleaseGate();
    }

    /// <summary>Closes the database file, waiting for an operation in progress to finish.</summary>
    /// <returns>A task that completes when the file is closed.</returns>
    public async ValueTask DisposeAsync()
    {
        await _gate.WaitAsync().ConfigureAwait(false);
        CloseForGoodAndReleaseGate();
    }

    /// <inheritdoc />
    public override string ToString() => $"the SQLite checkpoint store '{_databasePath}'";

    /// <summary>Runs <paramref name="action"/> on the store's own connection, opening it first (tests trace its statements with it).</summary>
    internal ValueTask<bool> WithConnectionAsync(Action<SqliteConnection> action, CancellationToken cancellationToken) =>
        RunAsync(
            "inspecting the connection",
            (database, _) =>
            {
                action(database.Connection);
                return true;
            },
            cancellationToken);

    /// <summary>Reads a pragma on the store's own connection; per-connection settings (synchronous, busy_timeout) are visible only there.</summary>
    internal ValueTask<string> ReadPragmaAsync(string pragma, CancellationToken cancellationToken)
    {
        if (pragma.Length == 0 || !pragma.All(static c => char.IsAsciiLetterLower(c) || c == '_'))
        {
            throw new ArgumentException($"'{pragma}' is not a pragma name.", nameof(pragma));
        }

        return RunAsync(
            $"reading PRAGMA {pragma}",
            (database, _) =>
            {
                using var command = database.Connection.CreateCommand();
                command.CommandText = $"PRAGMA {pragma};";
                return Convert.ToString(command.ExecuteScalar(), CultureInfo.InvariantCulture) ?? string.Empty;
            },
            cancellationToken);
    }

    private static long ReadInt64(SqliteDataReader reader, int ordinal, string column, string jobId, string where)
    {
        if (reader.IsDBNull(ordinal) || reader.GetFieldType(ordinal) != typeof(long))
        {
            throw new CheckpointCorruptException(jobId, where, $"its column {column} holds a {StorageClass(reader, ordinal)}, not an integer");
        }

        return reader.GetInt64(ordinal);
    }

    private static string StorageClass(SqliteDataReader reader, int ordinal)
    {
        if (reader.IsDBNull(ordinal))
        {
            return "NULL";
        }

        var type = reader.GetFieldType(ordinal);
        return type == typeof(string) ? "TEXT" : type == typeof(double) ? "REAL" : type == typeof(byte[]) ? "BLOB" : "INTEGER";
    }

    private Checkpoint ReadCheckpoint(SqliteDataReader reader, string jobId, int firstColumn)
    {
        var where = $"the SQLite database '{_databasePath}'";
        if (reader.IsDBNull(firstColumn) || reader.GetFieldType(firstColumn) != typeof(string))
        {
            throw new CheckpointCorruptException(jobId, where, $"its cursor is not text but a {StorageClass(reader, firstColumn)}");
        }

        var cursor = reader.GetString(firstColumn);
        var version = ReadInt64(reader, firstColumn + 1, "version", jobId, where);
        var pagesDone = ReadInt64(reader, firstColumn + 2, "pages_done", jobId, where);
        var itemsDone = ReadInt64(reader, firstColumn + 3, "items_done", jobId, where);
        var completed = ReadInt64(reader, firstColumn + 4, "completed", jobId, where);
        var utcTicks = ReadInt64(reader, firstColumn + 5, "updated_at_utc_ticks", jobId, where);
        var offsetMinutes = ReadInt64(reader, firstColumn + 6, "updated_at_offset_minutes", jobId, where);
        if (version < 1 || pagesDone < 0 || itemsDone < 0 || completed is not (0 or 1))
        {
            throw new CheckpointCorruptException(jobId, where, $"its numbers are out of range (version {version}, {pagesDone} pages, {itemsDone} items, completed {completed})");
        }

        return new Checkpoint(jobId, cursor, version, pagesDone, itemsDone, completed == 1, ToDateTimeOffset(utcTicks, offsetMinutes, jobId, where));
    }

    private static DateTimeOffset ToDateTimeOffset(long utcTicks, long offsetMinutes, string jobId, string where)
    {
        // DateTimeOffset allows offsets of ±14 h, and its local time must stay within DateTime's range too.
        var offsetTicks = offsetMinutes * TimeSpan.TicksPerMinute;
        if (offsetMinutes is < -840 or > 840 || utcTicks < DateTime.MinValue.Ticks || utcTicks > DateTime.MaxValue.Ticks
            || utcTicks + offsetTicks < DateTime.MinValue.Ticks || utcTicks + offsetTicks > DateTime.MaxValue.Ticks)
        {
            throw new CheckpointCorruptException(jobId, where, string.Create(CultureInfo.InvariantCulture, $"its timestamp is out of range ({utcTicks} UTC ticks, offset {offsetMinutes} minutes)"));
        }

        return new DateTimeOffset(utcTicks + offsetTicks, TimeSpan.FromTicks(offsetTicks));
    }

    /// <summary>Marks the store disposed and closes the file. The caller holds the gate; this releases it.</summary>
    private void CloseForGoodAndReleaseGate()
    {
        try
        {
            _disposed = true;
            CloseDatabase();
        }
        finally
        {
            _gate.Release();
        }
    }

    private void CloseDatabase()
    {
        _database?.Dispose();
        _database = null;
    }

    private async ValueTask<T> RunAsync<T>(string operation, Func<OpenDatabase, CancellationToken, T> work, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            cancellationToken.ThrowIfCancellationRequested();
            _database ??= OpenDatabase.Open(_connectionString, _databasePath, _options, operation);
            return work(_database, cancellationToken);
        }
        catch (SqliteException ex)
        {
            if (!SqliteErrors.IsBusy(ex))
            {
                // Start from a fresh connection next time: whatever went wrong may have left this one in a bad state.
                CloseDatabase();
            }

            throw SqliteErrors.Translate(ex, _databasePath, operation, _options.BusyTimeout);
        }
        finally
        {
            _gate.Release();
        }
    }
}
