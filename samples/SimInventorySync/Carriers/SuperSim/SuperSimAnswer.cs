using System.Text.Json.Serialization;

namespace SimInventorySync.Carriers.SuperSim;

/// <summary>A Super SIM answer: a page of Sims with paging metadata, or a Twilio error. Every member is optional so
/// that a missing one gets a clear error that names it.</summary>
internal sealed class SuperSimAnswer
{
    [JsonPropertyName("sims")]
    public List<SuperSimSim?>? Sims { get; set; }

    [JsonPropertyName("meta")]
    public SuperSimMeta? Meta { get; set; }

    [JsonPropertyName("code")]
    public int? Code { get; set; }

    [JsonPropertyName("message")]
    public string? Message { get; set; }

    [JsonPropertyName("more_info")]
    public string? MoreInfo { get; set; }

    [JsonPropertyName("status")]
    public int? Status { get; set; }
}
