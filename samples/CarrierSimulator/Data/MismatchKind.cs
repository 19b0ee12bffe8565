namespace CarrierSimulator;

/// <summary>The ways a local inventory can differ from the carrier.</summary>
public enum MismatchKind
{
    /// <summary>The SIM's status differs.</summary>
    Status,

    /// <summary>The SIM's plan (rate plan, and so fleet) differs.</summary>
    Plan,

    /// <summary>The carrier has the SIM; the local inventory does not.</summary>
    MissingLocally,

    /// <summary>The local inventory has the SIM; the carrier does not.</summary>
    MissingAtCarrier,
}
