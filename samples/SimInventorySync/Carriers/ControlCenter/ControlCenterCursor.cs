namespace SimInventorySync.Carriers.ControlCenter;

/// <summary>Where a Control Center "Search Devices" page starts: the modification time filter and the 1-based page number.</summary>
/// <param name="ModifiedSince">Devices modified at or after this instant, oldest first.</param>
/// <param name="PageNumber">The page number, 1 or more.</param>
internal sealed record ControlCenterCursor(DateTimeOffset ModifiedSince, int PageNumber);
