using System.Text.Json.Serialization;

namespace SimInventorySync.Carriers.SuperSim;

/// <summary>The paging metadata of a Twilio list answer.</summary>
internal sealed class SuperSimMeta
{
    [JsonPropertyName("page")]
    public int? Page { get; set; }

    [JsonPropertyName("page_size")]
    public int? PageSize { get; set; }

    [JsonPropertyName("first_page_url")]
    public string? FirstPageUrl { get; set; }

    [JsonPropertyName("previous_page_url")]
    public string? PreviousPageUrl { get; set; }

    [JsonPropertyName("next_page_url")]
    public string? NextPageUrl { get; set; }

    [JsonPropertyName("url")]
    public string? Url { get; set; }

    [JsonPropertyName("key")]
    public string? Key { get; set; }
}
