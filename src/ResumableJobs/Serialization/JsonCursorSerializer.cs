using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Serialization;
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
    /// <param name="options">The serializer options, or <see langword="null"/> for strict web defaults: camelCase
    /// names, and a stored cursor with a property the type does not have is refused (on .NET 9 and later, so is one
    /// that lacks a constructor parameter or holds null for a non-nullable one), so that a cursor type renamed or
    /// reshaped between deploys is reported as an unreadable checkpoint instead of silently becoming an empty
    /// cursor that starts the job over.</param>
    [RequiresUnreferencedCode("Reflection-based JSON serialization; pass a JsonTypeInfo for trimmed apps.")]
    [RequiresDynamicCode("Reflection-based JSON serialization; pass a JsonTypeInfo for AOT apps.")]
    public JsonCursorSerializer(JsonSerializerOptions? options = null)
    {
        options ??= new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
#if NET9_0_OR_GREATER
            RespectNullableAnnotations = true,
            RespectRequiredConstructorParameters = true,
#endif
        };
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
            throw new FormatException($"The cursor text is not valid JSON for {typeof(TCursor).Name}: {ex.Message}", ex);
        }
    }
}
