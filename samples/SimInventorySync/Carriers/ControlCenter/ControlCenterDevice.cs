using System.Text.Json.Serialization;

namespace SimInventorySync.Carriers.ControlCenter;

/// <summary>One device of a "Search Devices" page.</summary>
internal sealed class ControlCenterDevice
{
    [JsonPropertyName("iccid")]
    public string? Iccid { get; set; }

    [JsonPropertyName("status")]
    public string? Status { get; set; }

    [JsonPropertyName("ratePlan")]
    public string? RatePlan { get; set; }

    [JsonPropertyName("communicationPlan")]
    public string? CommunicationPlan { get; set; }
}
