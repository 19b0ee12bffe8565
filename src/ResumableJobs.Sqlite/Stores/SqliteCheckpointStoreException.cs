namespace ResumableJobs;

/// <summary>
/// The SQLite database of a <see cref="SqliteCheckpointStore"/> cannot be used: it is not a SQLite database, it is
/// damaged or truncated, it is read-only, its folder does not exist, or it was written by a newer schema. The
/// store never overwrites such a file. Not transient: retrying does not help until someone fixes the file.
/// </summary>
public sealed class SqliteCheckpointStoreException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="databasePath">The full path of the database file.</param>
    /// <param name="reason">What is wrong, phrased to follow the path, such as "is not a SQLite database".</param>
    /// <param name="innerException">The underlying SQLite error, if any.</param>
    public SqliteCheckpointStoreException(string databasePath, string reason, Exception? innerException = null)
        : base($"The SQLite checkpoint database '{databasePath}' {reason}.", innerException)
    {
        DatabasePath = databasePath;
        Reason = reason;
    }

    /// <summary>The full path of the database file.</summary>
    public string DatabasePath { get; }

    /// <summary>What is wrong with it.</summary>
    public string Reason { get; }
}
