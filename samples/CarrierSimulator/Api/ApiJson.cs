using System.Text.Json.Serialization;

namespace CarrierSimulator;

/// <summary>Control Center "Search Devices" answer.</summary>
internal sealed record ControlCenterDevicesPage(
    [property: JsonPropertyName("pageNumber")] int PageNumber,
    [property: JsonPropertyName("devices")] IReadOnlyList<ControlCenterDevice> Devices,
    [property: JsonPropertyName("lastPage")] bool LastPage);

/// <summary>One device of a Control Center "Search Devices" answer.</summary>
internal sealed record ControlCenterDevice(
    [property: JsonPropertyName("iccid")] string Iccid,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("ratePlan")] string RatePlan,
    [property: JsonPropertyName("communicationPlan")] string CommunicationPlan);

/// <summary>Control Center error answer.</summary>
internal sealed record ControlCenterError(
    [property: JsonPropertyName("errorCode")] string ErrorCode,
    [property: JsonPropertyName("errorMessage")] string ErrorMessage);

/// <summary>Super SIM "Sims" list answer.</summary>
internal sealed record SuperSimSimsPage(
    [property: JsonPropertyName("sims")] IReadOnlyList<SuperSimSim> Sims,
    [property: JsonPropertyName("meta")] SuperSimMeta Meta);

/// <summary>One Sim resource.</summary>
internal sealed record SuperSimSim(
    [property: JsonPropertyName("sid")] string Sid,
    [property: JsonPropertyName("account_sid")] string AccountSid,
    [property: JsonPropertyName("unique_name")] string UniqueName,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("fleet_sid")] string FleetSid,
    [property: JsonPropertyName("iccid")] string Iccid,
    [property: JsonPropertyName("date_created")] string DateCreated,
    [property: JsonPropertyName("date_updated")] string DateUpdated,
    [property: JsonPropertyName("url")] string Url);

/// <summary>The paging metadata of a Twilio list answer.</summary>
internal sealed record SuperSimMeta(
    [property: JsonPropertyName("page")] int Page,
    [property: JsonPropertyName("page_size")] int PageSize,
    [property: JsonPropertyName("first_page_url")] string FirstPageUrl,
    [property: JsonPropertyName("previous_page_url")] string? PreviousPageUrl,
    [property: JsonPropertyName("next_page_url")] string? NextPageUrl,
    [property: JsonPropertyName("url")] string Url,
    [property: JsonPropertyName("key")] string Key);

/// <summary>Twilio error answer.</summary>
internal sealed record SuperSimError(
    [property: JsonPropertyName("code")] int Code,
    [property: JsonPropertyName("message")] string Message,
    [property: JsonPropertyName("more_info")] string MoreInfo,
    [property: JsonPropertyName("status")] int Status);

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(ControlCenterDevicesPage))]
[JsonSerializable(typeof(ControlCenterError))]
[JsonSerializable(typeof(SuperSimSimsPage))]
[JsonSerializable(typeof(SuperSimError))]
internal sealed partial class ApiJsonContext : JsonSerializerContext;
