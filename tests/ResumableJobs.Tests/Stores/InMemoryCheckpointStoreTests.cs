namespace ResumableJobs.Tests.Stores;

/// <summary>What only the in-memory store does; the store contract itself is checked by the conformance suite
/// (<see cref="Conformance.InMemoryCheckpointStoreConformanceTests"/>).</summary>
public sealed class InMemoryCheckpointStoreTests
{
    [Fact]
    public void It_describes_itself()
    {
        new InMemoryCheckpointStore().ToString().Should().Be("the in-memory checkpoint store");
    }
}
