using System.Security.Cryptography;
using System.Text;

namespace CarrierSimulator;

/// <summary>The fixed catalogue of plans the simulated carrier sells.</summary>
public static class RatePlans
{
    /// <summary>All plans, in catalogue order.</summary>
    public static IReadOnlyList<RatePlan> All { get; } =
    [
        Create("IoT Flex 10MB", "LTE-M Data Only"),
        Create("IoT Flex 100MB", "LTE-M Data Only"),
        Create("IoT Pooled 1GB", "LTE Data and SMS"),
        Create("IoT Pooled 5GB", "LTE Data and SMS"),
        Create("NB-IoT Meter 1MB", "NB-IoT Data Only"),
    ];

    private static RatePlan Create(string name, string communicationPlan)
    {
        // A fleet sid that is stable across runs and machines: derived from the plan name, not from a random source.
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(name));
        return new RatePlan(name, communicationPlan, "HF" + Convert.ToHexStringLower(hash, 0, 16));
    }
}
