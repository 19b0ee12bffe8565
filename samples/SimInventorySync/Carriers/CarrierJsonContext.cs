using System.Text.Json;
using System.Text.Json.Serialization;
using SimInventorySync.Carriers.ControlCenter;
using SimInventorySync.Carriers.SuperSim;

namespace SimInventorySync.Carriers;

/// <summary>Source-generated JSON metadata of the carrier answers and of the cursors kept in checkpoints.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(ControlCenterAnswer))]
[JsonSerializable(typeof(SuperSimAnswer))]
[JsonSerializable(typeof(ControlCenterCursor))]
[JsonSerializable(typeof(SuperSimCursor))]
internal sealed partial class CarrierJsonContext : JsonSerializerContext;
