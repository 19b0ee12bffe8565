namespace ResumableJobs.Sqlite.Tests;

/// <summary>The checkpoint-store conformance suite, run against <see cref="SqliteCheckpointStore"/> in <see cref="SqliteDurability.Normal"/> mode.</summary>
public sealed class SqliteCheckpointStoreNormalDurabilityConformanceTests : SqliteCheckpointStoreConformanceTests
{
    protected override SqliteDurability Durability => SqliteDurability.Normal;
}
