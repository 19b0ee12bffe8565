using Microsoft.Data.Sqlite;

namespace ResumableJobs;

/// <summary>Options of <see cref="SqliteCheckpointStore"/>. Set <see cref="Path"/> or <see cref="ConnectionString"/>, not both.</summary>
public sealed class SqliteCheckpointStoreOptions
{
    /// <summary>The most a lock wait may be configured to last.</summary>
    public static readonly TimeSpan MaxBusyTimeout = TimeSpan.FromHours(1);

    /// <summary>
    /// The database file, created (with its schema) on first use when it does not exist. Its folder must exist:
    /// a missing folder is reported, not created, because it usually means a wrong path.
    /// </summary>
    public string? Path { get; set; }

    /// <summary>
    /// A Microsoft.Data.Sqlite connection string, for settings beyond a path (such as <c>Mode=ReadOnly</c> or a
    /// password with SQLCipher). The store keeps one connection open for its lifetime, so it turns
    /// <c>Pooling</c> off, and it sets the command timeout from <see cref="BusyTimeout"/>. In-memory databases
    /// are refused: use <see cref="InMemoryCheckpointStore"/>.
    /// </summary>
    public string? ConnectionString { get; set; }

    /// <summary>
    /// How long an operation waits for another connection (another process, or another store on the same file)
    /// that holds the write lock, before failing with a transient <see cref="TransientFaultException"/> that the
    /// engine retries. Default 30 s; more than zero and at most <see cref="MaxBusyTimeout"/>.
    /// </summary>
    public TimeSpan BusyTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// <see cref="SqliteDurability.Full"/> (the default) flushes every save to disk;
    /// <see cref="SqliteDurability.Normal"/> is faster and may lose the last few saves on a power loss, never
    /// corrupting the database. See <see cref="SqliteDurability"/>.
    /// </summary>
    public SqliteDurability Durability { get; set; } = SqliteDurability.Full;

    /// <summary>Throws when the options are invalid; the message names the option.</summary>
    /// <exception cref="ArgumentException">An option is invalid.</exception>
    public void Validate() => _ = Resolve();

    /// <summary>Checks the options and works out the connection string the store opens and the file it names.</summary>
    internal (string ConnectionString, string DatabasePath) Resolve()
    {
        var hasPath = !string.IsNullOrWhiteSpace(Path);
        var hasConnectionString = !string.IsNullOrWhiteSpace(ConnectionString);
        if (hasPath == hasConnectionString)
        {
            throw new ArgumentException(
                hasPath
                    ? "Set SqliteCheckpointStoreOptions.Path or SqliteCheckpointStoreOptions.ConnectionString, not both."
                    : "SqliteCheckpointStoreOptions needs Path (the database file) or ConnectionString.",
                hasPath ? nameof(ConnectionString) : nameof(Path));
        }

        if (BusyTimeout <= TimeSpan.Zero || BusyTimeout > MaxBusyTimeout)
        {
            throw new ArgumentOutOfRangeException(nameof(BusyTimeout), BusyTimeout, $"SqliteCheckpointStoreOptions.BusyTimeout must be more than zero and at most {MaxBusyTimeout}.");
        }

        if (!Enum.IsDefined(Durability))
        {
            throw new ArgumentOutOfRangeException(nameof(Durability), Durability, "SqliteCheckpointStoreOptions.Durability must be Full or Normal.");
        }

        SqliteConnectionStringBuilder builder;
        if (hasPath)
        {
            var path = Path!;
            if (path.IndexOfAny(System.IO.Path.GetInvalidPathChars()) >= 0 || path.Contains('\0', StringComparison.Ordinal))
            {
                throw new ArgumentException($"SqliteCheckpointStoreOptions.Path '{path}' contains characters that are not valid in a path.", nameof(Path));
            }

            if (path.EndsWith(System.IO.Path.DirectorySeparatorChar) || path.EndsWith(System.IO.Path.AltDirectorySeparatorChar))
            {
                throw new ArgumentException($"SqliteCheckpointStoreOptions.Path '{path}' names a folder; it must name the database file, such as '{System.IO.Path.Combine(path, "checkpoints.db")}'.", nameof(Path));
            }

            builder = new SqliteConnectionStringBuilder { DataSource = System.IO.Path.GetFullPath(path) };
        }
        else
        {
            try
            {
                builder = new SqliteConnectionStringBuilder(ConnectionString);
            }
            catch (Exception ex) when (ex is ArgumentException or FormatException or InvalidOperationException)
            {
                throw new ArgumentException($"SqliteCheckpointStoreOptions.ConnectionString is not a valid SQLite connection string: {ex.Message}", nameof(ConnectionString), ex);
            }

            if (string.IsNullOrWhiteSpace(builder.DataSource))
            {
                throw new ArgumentException("SqliteCheckpointStoreOptions.ConnectionString has no Data Source: name the database file.", nameof(ConnectionString));
            }

            if (builder.Mode == SqliteOpenMode.Memory || string.Equals(builder.DataSource.Trim(), ":memory:", StringComparison.OrdinalIgnoreCase))
            {
                throw new ArgumentException("SqliteCheckpointStoreOptions.ConnectionString names an in-memory database, which keeps nothing across restarts; use InMemoryCheckpointStore for that.", nameof(ConnectionString));
            }

            if (!builder.DataSource.StartsWith("file:", StringComparison.OrdinalIgnoreCase))
            {
                builder.DataSource = System.IO.Path.GetFullPath(builder.DataSource);
            }
        }

        // One connection for the store's lifetime: a pooled one would keep the file open after Dispose.
        builder.Pooling = false;
        // Microsoft.Data.Sqlite retries busy statements until this many seconds pass; SQLite's own busy_timeout
        // (set per connection) does the waiting, this only bounds it from above.
        builder.DefaultTimeout = (int)Math.Ceiling(BusyTimeout.TotalSeconds);
        return (builder.ToString(), builder.DataSource);
    }

    /// <summary>A copy, so that later changes to these options do not affect a store.</summary>
    internal SqliteCheckpointStoreOptions Clone() => (SqliteCheckpointStoreOptions)MemberwiseClone();
}
