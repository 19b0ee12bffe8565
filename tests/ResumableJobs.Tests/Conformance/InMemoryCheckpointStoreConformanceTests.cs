using ResumableJobs.Testing;

namespace ResumableJobs.Tests.Conformance;

/// <summary>The checkpoint-store conformance suite, run against <see cref="InMemoryCheckpointStore"/>.</summary>
public sealed class InMemoryCheckpointStoreConformanceTests : CheckpointStoreConformanceTests
{
    protected override ValueTask<ICheckpointStore> CreateStoreAsync(CancellationToken cancellationToken) =>
        ValueTask.FromResult<ICheckpointStore>(new InMemoryCheckpointStore());
}
