using System.Data;
using System.Globalization;
using Microsoft.Data.Sqlite;

namespace ResumableJobs;

/// <summary>The store's one connection, set up (pragmas, WAL, schema) and with its statements prepared.</summary>
internal sealed class OpenDatabase : IDisposable
{
    private readonly string _databasePath;

    private OpenDatabase(SqliteConnection connection, string databasePath, bool isReadOnly, bool hasSchema)
    {
        Connection = connection;
        _databasePath = databasePath;
        IsReadOnly = isReadOnly;
        HasSchema = hasSchema;
        Load = Prepare(SqliteSchema.Load, "$job_id");
        List = Prepare(SqliteSchema.List, "$prefix");
        Delete = Prepare(SqliteSchema.Delete, "$job_id");
        string[] saveParameters = ["$job_id", "$cursor", "$version", "$pages_done", "$items_done", "$completed", "$updated_at_utc_ticks", "$updated_at_offset_minutes"];
        Insert = Prepare(SqliteSchema.Insert, saveParameters);
        Update = Prepare(SqliteSchema.Update, saveParameters);
    }

    public SqliteConnection Connection { get; }

    /// <summary>Whether the file was opened read-only (Mode=ReadOnly, or a file the process may not write).</summary>
    public bool IsReadOnly { get; }

    /// <summary>Whether the tables exist. A read-only database without them simply holds no checkpoints.</summary>
    public bool HasSchema { get; }

    public SqliteCommand Load { get; }

    public SqliteCommand List { get; }

    public SqliteCommand Insert { get; }

    public SqliteCommand Update { get; }

    public SqliteCommand Delete { get; }

    /// <summary>Opens the database, sets it up, and creates the schema when the file has none yet.</summary>
    public static OpenDatabase Open(string connectionString, string databasePath, SqliteCheckpointStoreOptions options, string operation)
    {
        var connection = new SqliteConnection(connectionString);
        try
        {
            connection.Open();
            var isReadOnly = SQLitePCL.raw.sqlite3_db_readonly(connection.Handle, "main") == 1;

            // Per-connection settings. busy_timeout makes SQLite itself wait (sleeping) for another writer's lock.
            Execute(connection, string.Create(CultureInfo.InvariantCulture, $"PRAGMA busy_timeout = {(long)Math.Ceiling(options.BusyTimeout.TotalMilliseconds)};"));
            Execute(connection, options.Durability == SqliteDurability.Full ? "PRAGMA synchronous = FULL;" : "PRAGMA synchronous = NORMAL;");

            // Reading the journal mode reads the header: a file that is not SQLite, or is damaged, fails here,
            // before anything is written.
            var journalMode = Scalar(connection, "PRAGMA journal_mode;");
            if (!isReadOnly && !string.Equals(journalMode, "wal", StringComparison.OrdinalIgnoreCase))
            {
                // WAL is persistent in the file: readers never block the writer, and a commit is one append.
                journalMode = Scalar(connection, "PRAGMA journal_mode = WAL;");
                if (!string.Equals(journalMode, "wal", StringComparison.OrdinalIgnoreCase))
                {
                    throw new SqliteCheckpointStoreException(databasePath, $"cannot be switched to WAL mode (SQLite kept journal mode '{journalMode}'), which this store needs");
                }
            }

            var hasSchema = EnsureSchema(connection, databasePath, isReadOnly);
            return new OpenDatabase(connection, databasePath, isReadOnly, hasSchema);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Runs <paramref name="command"/> (a write of at most one row) in its own <c>BEGIN IMMEDIATE</c> transaction:
    /// the write lock is taken at the start, so writers that meet wait for each other within the busy timeout
    /// instead of failing. Commits when exactly one row changed; otherwise rolls back, as nothing changed.
    /// </summary>
    /// <returns>Whether one row changed.</returns>
    public bool TryChangeOneRow(SqliteCommand command, CancellationToken cancellationToken)
    {
        using var transaction = Connection.BeginTransaction(IsolationLevel.Serializable, deferred: false);
        cancellationToken.ThrowIfCancellationRequested();
        command.Transaction = transaction;
        if (command.ExecuteNonQuery() != 1)
        {
            transaction.Rollback();
            return false;
        }

        transaction.Commit();
        return true;
    }

    /// <summary>Throws the clear read-only error before a write to a read-only database without tables.</summary>
    public void EnsureWritableSchema()
    {
        if (!HasSchema)
        {
            throw new SqliteCheckpointStoreException(_databasePath, "is read-only and has no checkpoint tables, so no checkpoint can be saved in it; nothing was written");
        }
    }

    public void Dispose()
    {
        Load.Dispose();
        List.Dispose();
        Insert.Dispose();
        Update.Dispose();
        Delete.Dispose();
        Connection.Dispose();
    }

    private static bool EnsureSchema(SqliteConnection connection, string databasePath, bool isReadOnly)
    {
        var state = ReadSchemaState(connection, databasePath, null);
        if (state == SchemaState.Present || isReadOnly)
        {
            return state == SchemaState.Present;
        }

        // Another process may be creating the schema at the same moment: decide again under the write lock.
        using var transaction = connection.BeginTransaction(IsolationLevel.Serializable, deferred: false);
        if (ReadSchemaState(connection, databasePath, transaction) == SchemaState.Missing)
        {
            Execute(connection, SqliteSchema.Create, transaction);
        }

        transaction.Commit();
        return true;
    }

    private static SchemaState ReadSchemaState(SqliteConnection connection, string databasePath, SqliteTransaction? transaction)
    {
        var tables = new HashSet<string>(StringComparer.Ordinal);
        using (var command = connection.CreateCommand())
        {
            command.CommandText = SqliteSchema.FindTables;
            command.Transaction = transaction;
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                tables.Add(reader.GetString(0));
            }
        }

        if (tables.Count == 0)
        {
            return SchemaState.Missing;
        }

        if (tables.Count == 1)
        {
            throw new SqliteCheckpointStoreException(databasePath, $"holds the table {tables.Single()} but not the other table of the checkpoint schema; it is damaged, or another program uses the same table name");
        }

        long version;
        using (var command = connection.CreateCommand())
        {
            command.CommandText = SqliteSchema.ReadVersion;
            command.Transaction = transaction;
            var value = command.ExecuteScalar();
            if (value is not long stored)
            {
                throw new SqliteCheckpointStoreException(databasePath, $"has no valid schema version in {SqliteSchema.SchemaTable} (found {value ?? "nothing"})");
            }

            version = stored;
        }

        if (version > SqliteSchema.CurrentVersion)
        {
            throw new SqliteCheckpointStoreException(databasePath, $"has checkpoint schema version {version}, written by a newer release of ResumableJobs.Sqlite; this release reads version {SqliteSchema.CurrentVersion} and leaves the file untouched. Upgrade the package");
        }

        if (version < 1)
        {
            throw new SqliteCheckpointStoreException(databasePath, $"has an invalid checkpoint schema version {version}");
        }

        // Version 1 is the only version so far; later releases migrate older versions here, in a write transaction.
        return SchemaState.Present;
    }

    private static void Execute(SqliteConnection connection, string sql, SqliteTransaction? transaction = null)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        command.ExecuteNonQuery();
    }

    private static string Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToString(command.ExecuteScalar(), CultureInfo.InvariantCulture) ?? string.Empty;
    }

    private SqliteCommand Prepare(string sql, params string[] parameters)
    {
        var command = Connection.CreateCommand();
        command.CommandText = sql;
        foreach (var name in parameters)
        {
            command.Parameters.Add(new SqliteParameter { ParameterName = name });
        }

        return command;
    }

    private enum SchemaState
    {
        Missing,
        Present,
    }
}
