namespace SimInventorySync.Carriers;

/// <summary>One SIM as the carrier reports it, in the inventory's vocabulary.</summary>
/// <param name="Iccid">The ICCID, the key of the reconciliation.</param>
/// <param name="Status">The status, canonical lower case (<c>new</c>, <c>ready</c>, <c>active</c>, <c>inactive</c>) or the carrier's own name lower-cased when it has no canonical equivalent.</param>
/// <param name="Plan">What the carrier says the SIM's plan is: the rate plan name (Control Center) or the fleet sid (Super SIM).</param>
internal sealed record CarrierSim(string Iccid, string Status, string Plan);
