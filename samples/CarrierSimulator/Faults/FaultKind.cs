namespace CarrierSimulator;

/// <summary>The fault a call meets.</summary>
internal enum FaultKind
{
    None,
    ServiceUnavailable,
    SlowAnswer,
    DroppedConnection,
}
