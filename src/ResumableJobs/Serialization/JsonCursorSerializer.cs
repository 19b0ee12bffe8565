using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace ResumableJobs;

/// <summary>The default cursor serializer, on System.Text.Json.</summary>
/// <typeparam name="TCursor">The cursor type.</typeparam>
public sealed class JsonCursorSerializer<TCursor> : ICursorSerializer<TCursor>
{
    private readonly JsonTypeInfo<TCursor> _typeInfo;

    /// <summary>Creates a serializer from source-generated metadata (trimming- and AOT-safe).</summary>
    /// <param name="typeInfo">The cursor's type info, such as <c>MyJsonContext.Default.MyCursor</c>.</param>
    public JsonCursorSerializer(JsonTypeInfo<TCursor> typeInfo)
    {
        ArgumentNullException.ThrowIfNull(typeInfo);
        _typeInfo = typeInfo;
    }

    /// <summary>Creates a serializer that uses reflection-based System.Text.Json with the given options.</summary>
    /// <param name="options">The serializer options, or <see langword="null"/> for the web defaults.</param>
    [RequiresUnreferencedCode("Reflection-based JSON serialization; pass a JsonTypeInfo for trimmed apps.")]
    [RequiresDynamicCode("Reflection-based JSON serialization; pass a JsonTypeInfo for AOT apps.")]
    public JsonCursorSerializer(JsonSerializerOptions? options = null)
    {
        options ??= new JsonSerializerOptions(JsonSerializerDefaults.Web);
        options.MakeReadOnly(populateMissingResolver: true);
        _typeInfo = (JsonTypeInfo<TCursor>)options.GetTypeInfo(typeof(TCursor));
    }

    /// <inheritdoc />
    public string Serialize(TCursor cursor) => JsonSerializer.Serialize(cursor, _typeInfo);

    /// <inheritdoc />
    public TCursor Deserialize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        try
        {
            return JsonSerializer.Deserialize(text, _typeInfo)
                ?? throw new FormatException($"The cursor text 'null' does not describe a {typeof(TCursor).Name}.");
        }
        catch (JsonException ex)
        {
            throw new FormatException($"The cursor text is not a valid JSON {typeof(TCursor).Name}: {ex.Message}", ex);
        }
    }
}
