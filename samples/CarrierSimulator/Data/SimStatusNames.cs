namespace CarrierSimulator;

/// <summary>The names each carrier API uses for a <see cref="SimStatus"/>, and the canonical lower-case name.</summary>
public static class SimStatusNames
{
    /// <summary>The canonical name: <c>new</c>, <c>ready</c>, <c>active</c> or <c>inactive</c> (Super SIM's names).</summary>
    /// <param name="status">The status.</param>
    /// <returns>The name.</returns>
    public static string ToCanonical(this SimStatus status) => status switch
    {
        SimStatus.New => "new",
        SimStatus.Ready => "ready",
        SimStatus.Active => "active",
        SimStatus.Inactive => "inactive",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "Unknown SIM status."),
    };

    /// <summary>The Control Center name: <c>INVENTORY</c>, <c>ACTIVATION_READY</c>, <c>ACTIVATED</c> or <c>DEACTIVATED</c>.</summary>
    /// <param name="status">The status.</param>
    /// <returns>The name.</returns>
    public static string ToControlCenter(this SimStatus status) => status switch
    {
        SimStatus.New => "INVENTORY",
        SimStatus.Ready => "ACTIVATION_READY",
        SimStatus.Active => "ACTIVATED",
        SimStatus.Inactive => "DEACTIVATED",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "Unknown SIM status."),
    };

    /// <summary>The Super SIM name, which is the canonical name.</summary>
    /// <param name="status">The status.</param>
    /// <returns>The name.</returns>
    public static string ToSuperSim(this SimStatus status) => status.ToCanonical();
}
