namespace CarrierSimulator;

/// <summary>One SIM as a customer's local inventory holds it: what the customer believes the carrier has.</summary>
/// <param name="Iccid">The ICCID.</param>
/// <param name="Status">The status the inventory believes the SIM has.</param>
/// <param name="Plan">The plan the inventory believes the SIM is on (its rate plan name and its fleet sid).</param>
public sealed record LocalSimRecord(string Iccid, SimStatus Status, RatePlan Plan);
