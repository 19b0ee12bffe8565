using Microsoft.Data.Sqlite;

namespace ResumableJobs;

/// <summary>Turns SQLite's result codes into errors that name the file and say what to do.</summary>
internal static class SqliteErrors
{
    // Primary result codes (https://sqlite.org/rescode.html).
    private const int Perm = 3;
    private const int Busy = 5;
    private const int Locked = 6;
    private const int ReadOnly = 8;
    private const int IoErr = 10;
    private const int Corrupt = 11;
    private const int Full = 13;
    private const int CantOpen = 14;
    private const int NotADb = 26;

    /// <summary>Whether another connection held a lock for longer than the busy timeout: worth retrying.</summary>
    public static bool IsBusy(SqliteException exception) => (exception.SqliteErrorCode & 0xFF) is Busy or Locked;

    public static Exception Translate(SqliteException exception, string databasePath, string operation, TimeSpan busyTimeout)
    {
        var code = exception.SqliteErrorCode & 0xFF;
        var detail = $"while {operation}; SQLite error {exception.SqliteExtendedErrorCode}: {exception.Message}";
        if (code is Busy or Locked)
        {
            // Microsoft.Data.Sqlite 8 does not mark these as transient (DbException.IsTransient), so say it here.
            return new TransientFaultException(
                $"The SQLite checkpoint database '{databasePath}' is locked by another writer for longer than the busy timeout ({busyTimeout}) {detail}",
                null,
                exception);
        }

        var reason = code switch
        {
            NotADb => "is not a SQLite database (it may be another kind of file, or encrypted); it was left untouched",
            Corrupt => "is damaged (malformed or truncated); it was left untouched. Restore it from a backup or move it away to start over",
            ReadOnly => "is read-only (file or folder permissions, a read-only mount, or Mode=ReadOnly), so nothing can be written to it; nothing was written",
            CantOpen => DescribeCannotOpen(databasePath),
            Perm => "cannot be accessed: permission denied",
            Full => "cannot grow: the disk is full; nothing was written",
            IoErr => "could not be read or written (an I/O error); nothing was written",
            _ => "reported an error",
        };
        return new SqliteCheckpointStoreException(databasePath, $"{reason} ({detail})", exception);
    }

    private static string DescribeCannotOpen(string databasePath)
    {
        if (Directory.Exists(databasePath))
        {
            return "is a folder, not a file";
        }

        var folder = Path.GetDirectoryName(databasePath);
        if (!string.IsNullOrEmpty(folder) && !Directory.Exists(folder))
        {
            return $"cannot be opened: its folder '{folder}' does not exist (it is not created for you, since a missing folder usually means a wrong path)";
        }

        return "cannot be opened (check the permissions of the file and its folder)";
    }
}
