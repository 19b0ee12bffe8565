using System.Text.Json;
using BenchmarkDotNet.Attributes;

namespace ResumableJobs.Stores.Benchmarks;

/// <summary>
/// One checkpoint save of <see cref="FileCheckpointStore"/> (lock file, read and check the stored version, write a
/// temporary file, flush it to disk, rename it over the checkpoint) against the raw write-flush-rename of the same
/// JSON document.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class FileSaveBenchmarks
{
    private const string JobId = "benchmark-job";
    private const string Cursor = "{\"after\":\"2026-03-14T15:09:26.5358979Z\",\"id\":\"sim-000000123456\"}";

    private string _folder = string.Empty;
    private FileCheckpointStore _store = null!;
    private string _rawPath = string.Empty;
    private long _storeVersion;
    private long _rawVersion;

    [GlobalSetup]
    public void Setup()
    {
        _folder = BenchmarkFolder.Create("file");
        _store = new FileCheckpointStore(Path.Combine(_folder, "store"));
        Directory.CreateDirectory(Path.Combine(_folder, "raw"));
        _rawPath = Path.Combine(_folder, "raw", JobId + ".json");
        _storeVersion = 0;
        _rawVersion = 0;
    }

    [GlobalCleanup]
    public void Cleanup() => BenchmarkFolder.Delete(_folder);

    [Benchmark(Baseline = true, Description = "raw write-flush-rename")]
    public void RawWriteFlushRename()
    {
        var version = ++_rawVersion;
        var bytes = JsonSerializer.SerializeToUtf8Bytes(new RawDocument(1, JobId, Cursor, version, version, version * 100, false, DateTimeOffset.UtcNow), RawJsonContext.Default.RawDocument);
        var temp = _rawPath + ".tmp";
        using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None, 4096))
        {
            stream.Write(bytes);
            stream.Flush(flushToDisk: true);
        }

        File.Move(temp, _rawPath, overwrite: true);
    }

    [Benchmark(Description = "FileCheckpointStore.TrySaveAsync")]
    public async Task<bool> StoreSave()
    {
        var version = ++_storeVersion;
        var saved = await _store.TrySaveAsync(new Checkpoint(JobId, Cursor, version, version, version * 100, false, DateTimeOffset.UtcNow), CancellationToken.None);
        return saved ? saved : throw new InvalidOperationException($"Save of version {version} was refused.");
    }
}
