namespace CarrierSimulator;

/// <summary>A difference between the local inventory and the carrier that the generator put there on purpose.</summary>
/// <param name="Iccid">The SIM.</param>
/// <param name="Kind">How it differs.</param>
public sealed record ExpectedMismatch(string Iccid, MismatchKind Kind);
