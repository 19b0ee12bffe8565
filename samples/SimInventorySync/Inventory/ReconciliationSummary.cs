namespace SimInventorySync.Inventory;

/// <summary>The result of a reconciliation, computed by a query over its rows (never by counters).</summary>
/// <param name="SimsReconciled">The carrier SIMs reconciled (distinct ICCIDs).</param>
/// <param name="Mismatches">The mismatch rows (one per ICCID and kind).</param>
/// <param name="MismatchesByKind">The mismatch rows per kind.</param>
internal sealed record ReconciliationSummary(long SimsReconciled, long Mismatches, IReadOnlyDictionary<string, long> MismatchesByKind)
{
    /// <summary>The last line of a completed run.</summary>
    public string FinalLine => $"Reconciled {SimsReconciled} SIMs: {Mismatches} mismatches";
}
