namespace CarrierSimulator;

/// <summary>One SIM as the carrier's system of record holds it.</summary>
/// <param name="Iccid">The ICCID (19 digits, Luhn check digit last).</param>
/// <param name="Sid">The Super SIM sid (<c>HS</c> and 32 hex digits).</param>
/// <param name="UniqueName">The Super SIM unique name.</param>
/// <param name="Status">The status.</param>
/// <param name="Plan">The plan.</param>
/// <param name="DateCreated">When the SIM was created.</param>
/// <param name="DateModified">When the SIM was last modified.</param>
public sealed record SimRecord(
    string Iccid,
    string Sid,
    string UniqueName,
    SimStatus Status,
    RatePlan Plan,
    DateTimeOffset DateCreated,
    DateTimeOffset DateModified);
