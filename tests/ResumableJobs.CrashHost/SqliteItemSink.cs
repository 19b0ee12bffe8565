using System.Data;
using Microsoft.Data.Sqlite;
using ResumableJobs.Testing;

namespace ResumableJobs.CrashHost;

/// <summary>
/// The destination of the crash job: a SQLite table of items upserted by id, plus one row per committed page
/// apply (in the same transaction, so the test counts replays exactly).
/// </summary>
public sealed class SqliteItemSink : IIdempotentSink<ChaosItem>, IDisposable
{
    /// <summary>Creates the tables when missing.</summary>
    public const string Schema =
        """
        CREATE TABLE IF NOT EXISTS items (id TEXT NOT NULL PRIMARY KEY, revision INTEGER NOT NULL, value TEXT NOT NULL) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS applies (seq INTEGER PRIMARY KEY AUTOINCREMENT, page_number INTEGER NOT NULL, cursor TEXT NOT NULL, pid INTEGER NOT NULL);
        """;

    private readonly SqliteConnection _connection;
    private readonly AppendOnlyLog? _applyLog;
    private readonly SqliteCommand _upsert;
    private readonly SqliteCommand _recordApply;

    /// <summary>Opens (and creates) the sink database, in WAL mode with full durability.</summary>
    /// <param name="path">The database file.</param>
    /// <param name="applyLog">Where to log each committed apply, if anywhere.</param>
    internal SqliteItemSink(string path, AppendOnlyLog? applyLog)
    {
        _applyLog = applyLog;
        _connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        _connection.Open();
        using (var setup = _connection.CreateCommand())
        {
            setup.CommandText = "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA busy_timeout = 30000;" + Schema;
            setup.ExecuteNonQuery();
        }

        _upsert = _connection.CreateCommand();
        _upsert.CommandText = "INSERT INTO items (id, revision, value) VALUES ($id, $revision, $value) ON CONFLICT (id) DO UPDATE SET revision = excluded.revision, value = excluded.value;";
        _upsert.Parameters.Add(new SqliteParameter { ParameterName = "$id" });
        _upsert.Parameters.Add(new SqliteParameter { ParameterName = "$revision" });
        _upsert.Parameters.Add(new SqliteParameter { ParameterName = "$value" });
        _recordApply = _connection.CreateCommand();
        _recordApply.CommandText = "INSERT INTO applies (page_number, cursor, pid) VALUES ($page, $cursor, $pid);";
        _recordApply.Parameters.Add(new SqliteParameter { ParameterName = "$page" });
        _recordApply.Parameters.Add(new SqliteParameter { ParameterName = "$cursor" });
        _recordApply.Parameters.Add(new SqliteParameter { ParameterName = "$pid", Value = (long)Environment.ProcessId });
    }

    /// <inheritdoc />
    public ValueTask ApplyAsync(IReadOnlyList<ChaosItem> items, PageContext context, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using (var transaction = _connection.BeginTransaction(IsolationLevel.Serializable, deferred: false))
        {
            _upsert.Transaction = transaction;
            foreach (var item in items)
            {
                _upsert.Parameters["$id"].Value = item.Id;
                _upsert.Parameters["$revision"].Value = item.Revision;
                _upsert.Parameters["$value"].Value = item.Value;
                _upsert.ExecuteNonQuery();
            }

            _recordApply.Transaction = transaction;
            _recordApply.Parameters["$page"].Value = context.PageNumber;
            _recordApply.Parameters["$cursor"].Value = context.Cursor;
            _recordApply.ExecuteNonQuery();
            transaction.Commit();
        }

        _applyLog?.Append($"{context.PageNumber} {context.Cursor} {Environment.ProcessId}");
        Console.Out.WriteLine($"{CrashProtocol.Applied} {context.PageNumber}");
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _upsert.Dispose();
        _recordApply.Dispose();
        _connection.Dispose();
    }
}
