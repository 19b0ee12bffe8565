using System.Text.Json.Serialization;

namespace ResumableJobs;

/// <summary>The JSON shape of a checkpoint file. <see cref="Format"/> lets later releases migrate old files.</summary>
internal sealed class FileCheckpointDocument
{
    public const int CurrentFormat = 1;

    [JsonPropertyName("format")]
    public required int Format { get; init; }

    [JsonPropertyName("jobId")]
    public required string JobId { get; init; }

    [JsonPropertyName("cursor")]
    public required string Cursor { get; init; }

    [JsonPropertyName("version")]
    public required long Version { get; init; }

    [JsonPropertyName("pagesDone")]
    public required long PagesDone { get; init; }

    [JsonPropertyName("itemsDone")]
    public required long ItemsDone { get; init; }

    [JsonPropertyName("completed")]
    public required bool Completed { get; init; }

    [JsonPropertyName("updatedAt")]
    public required DateTimeOffset UpdatedAt { get; init; }
}

[JsonSourceGenerationOptions(WriteIndented = true)]
[JsonSerializable(typeof(FileCheckpointDocument))]
internal sealed partial class FileCheckpointJsonContext : JsonSerializerContext;
