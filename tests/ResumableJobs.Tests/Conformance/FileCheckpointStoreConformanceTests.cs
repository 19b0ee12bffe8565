using ResumableJobs.Testing;

namespace ResumableJobs.Tests.Conformance;

/// <summary>The checkpoint-store conformance suite, run against <see cref="FileCheckpointStore"/>, a fresh folder per store.</summary>
public sealed class FileCheckpointStoreConformanceTests : CheckpointStoreConformanceTests
{
    private readonly List<string> _folders = [];

    protected override ValueTask<ICheckpointStore> CreateStoreAsync(CancellationToken cancellationToken)
    {
        var folder = Path.Combine(Path.GetTempPath(), "resumablejobs-conformance", Guid.NewGuid().ToString("N"));
        _folders.Add(folder);
        return ValueTask.FromResult<ICheckpointStore>(new FileCheckpointStore(folder));
    }

    protected override ValueTask<ICheckpointStore?> OpenSameStoreAsync(ICheckpointStore store, CancellationToken cancellationToken) =>
        ValueTask.FromResult<ICheckpointStore?>(new FileCheckpointStore(((FileCheckpointStore)store).Directory));

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        foreach (var folder in _folders.Where(Directory.Exists))
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
