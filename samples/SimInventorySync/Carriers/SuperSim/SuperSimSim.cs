using System.Text.Json.Serialization;

namespace SimInventorySync.Carriers.SuperSim;

/// <summary>One Sim resource.</summary>
internal sealed class SuperSimSim
{
    [JsonPropertyName("sid")]
    public string? Sid { get; set; }

    [JsonPropertyName("account_sid")]
    public string? AccountSid { get; set; }

    [JsonPropertyName("unique_name")]
    public string? UniqueName { get; set; }

    [JsonPropertyName("status")]
    public string? Status { get; set; }

    [JsonPropertyName("fleet_sid")]
    public string? FleetSid { get; set; }

    [JsonPropertyName("iccid")]
    public string? Iccid { get; set; }

    [JsonPropertyName("date_created")]
    public string? DateCreated { get; set; }

    [JsonPropertyName("date_updated")]
    public string? DateUpdated { get; set; }

    [JsonPropertyName("url")]
    public string? Url { get; set; }
}
