using SimInventorySync.Carriers;

namespace SimInventorySync.Inventory;

/// <summary>One reconciliation, named by its session id.</summary>
/// <param name="Id">The session id.</param>
/// <param name="Source">The carrier API it reads.</param>
/// <param name="StartedAt">When it was first started.</param>
/// <param name="CompletedAt">When it completed, or <see langword="null"/>.</param>
internal sealed record SessionInfo(string Id, CarrierSource Source, DateTimeOffset StartedAt, DateTimeOffset? CompletedAt);
