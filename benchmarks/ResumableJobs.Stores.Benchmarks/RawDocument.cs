using System.Text.Json.Serialization;

namespace ResumableJobs.Stores.Benchmarks;

/// <summary>The same fields the file store writes, for the raw baseline.</summary>
internal sealed record RawDocument(int Format, string JobId, string Cursor, long Version, long PagesDone, long ItemsDone, bool Completed, DateTimeOffset UpdatedAt);

[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(RawDocument))]
internal sealed partial class RawJsonContext : JsonSerializerContext;
