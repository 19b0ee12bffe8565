using System.Text.Json.Serialization;

namespace SimInventorySync.Carriers.ControlCenter;

/// <summary>A Control Center answer: a page of devices, or an error. Every member is optional so that a missing one
/// gets a clear error that names it, instead of a deserializer message.</summary>
internal sealed class ControlCenterAnswer
{
    [JsonPropertyName("pageNumber")]
    public int? PageNumber { get; set; }

    [JsonPropertyName("devices")]
    public List<ControlCenterDevice?>? Devices { get; set; }

    [JsonPropertyName("lastPage")]
    public bool? LastPage { get; set; }

    [JsonPropertyName("errorCode")]
    public string? ErrorCode { get; set; }

    [JsonPropertyName("errorMessage")]
    public string? ErrorMessage { get; set; }
}
