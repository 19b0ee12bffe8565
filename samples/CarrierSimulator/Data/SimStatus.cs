namespace CarrierSimulator;

/// <summary>The life-cycle state of a SIM, in one vocabulary that maps one to one onto each carrier API's own names.</summary>
public enum SimStatus
{
    /// <summary>In stock, never activated (Control Center <c>INVENTORY</c>, Super SIM <c>new</c>).</summary>
    New,

    /// <summary>Ready to activate (Control Center <c>ACTIVATION_READY</c>, Super SIM <c>ready</c>).</summary>
    Ready,

    /// <summary>Active (Control Center <c>ACTIVATED</c>, Super SIM <c>active</c>).</summary>
    Active,

    /// <summary>Deactivated (Control Center <c>DEACTIVATED</c>, Super SIM <c>inactive</c>).</summary>
    Inactive,
}
