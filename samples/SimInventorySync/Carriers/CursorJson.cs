using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using SimInventorySync.Carriers.ControlCenter;
using SimInventorySync.Carriers.SuperSim;

namespace SimInventorySync.Carriers;

/// <summary>
/// How cursors are written into checkpoints: System.Text.Json with the source-generated metadata, and without
/// escaping '&amp;' and '+' (a checkpoint is not HTML), so that a page URL reads in a checkpoint as it does in a browser.
/// </summary>
internal static class CursorJson
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        TypeInfoResolver = CarrierJsonContext.Default,
    };

    public static JsonTypeInfo<ControlCenterCursor> ControlCenter { get; } = (JsonTypeInfo<ControlCenterCursor>)Options.GetTypeInfo(typeof(ControlCenterCursor));

    public static JsonTypeInfo<SuperSimCursor> SuperSim { get; } = (JsonTypeInfo<SuperSimCursor>)Options.GetTypeInfo(typeof(SuperSimCursor));
}
