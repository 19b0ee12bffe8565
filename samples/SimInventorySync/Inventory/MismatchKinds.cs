namespace SimInventorySync.Inventory;

/// <summary>The kinds of mismatch rows, as stored.</summary>
internal static class MismatchKinds
{
    public const string Status = "status";
    public const string Plan = "plan";
    public const string MissingLocally = "missing_locally";
    public const string MissingAtCarrier = "missing_at_carrier";

    /// <summary>All kinds, in the order the summary lists them.</summary>
    public static IReadOnlyList<string> All { get; } = [Status, Plan, MissingLocally, MissingAtCarrier];
}
