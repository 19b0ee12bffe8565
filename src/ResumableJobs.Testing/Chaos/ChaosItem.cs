namespace ResumableJobs.Testing;

/// <summary>One item of a <see cref="ChaosPageSource"/>'s data set.</summary>
/// <param name="Id">The item's stable key; the same id appears again later in the stream when the item is updated.</param>
/// <param name="Revision">The item's position in the stream (0-based): a later occurrence of an id has a higher revision.</param>
/// <param name="Value">A value derived from the seed and the revision, so that a stale write is visible.</param>
public sealed record ChaosItem(string Id, long Revision, string Value);
