namespace SimInventorySync.Inventory;

/// <summary>A problem the user can fix (settings that do not fit the database, a database that is not usable). Its
/// message is one line, printed as the reason the program stopped.</summary>
internal sealed class SyncException : Exception
{
    public SyncException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
