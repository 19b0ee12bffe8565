namespace ResumableJobs;

/// <summary>The tables of <see cref="SqliteCheckpointStore"/>, and the schema version that lets later releases migrate them.</summary>
internal static class SqliteSchema
{
    /// <summary>The schema version this release writes (in <see cref="Create"/>) and reads. Bump both, and add a migration step, when the tables change.</summary>
    public const long CurrentVersion = 1;

    public const string SchemaTable = "resumablejobs_schema";

    public const string CheckpointsTable = "resumablejobs_checkpoints";

    public const string FindTables =
        $"SELECT name FROM sqlite_master WHERE type = 'table' AND name IN ('{SchemaTable}', '{CheckpointsTable}');";

    public const string ReadVersion = $"SELECT version FROM {SchemaTable} WHERE id = 1;";

    // Timestamps are kept as integers (UTC ticks and the offset in minutes), so that the 100-ns precision and the
    // offset of a DateTimeOffset come back exactly; text would round or lose the offset.
    public const string Create =
        $"""
        CREATE TABLE {SchemaTable} (
            id INTEGER NOT NULL PRIMARY KEY CHECK (id = 1),
            version INTEGER NOT NULL
        );
        CREATE TABLE {CheckpointsTable} (
            job_id TEXT NOT NULL PRIMARY KEY CHECK (typeof(job_id) = 'text'),
            cursor TEXT NOT NULL CHECK (typeof(cursor) = 'text'),
            version INTEGER NOT NULL CHECK (typeof(version) = 'integer' AND version >= 1),
            pages_done INTEGER NOT NULL CHECK (typeof(pages_done) = 'integer' AND pages_done >= 0),
            items_done INTEGER NOT NULL CHECK (typeof(items_done) = 'integer' AND items_done >= 0),
            completed INTEGER NOT NULL CHECK (completed IN (0, 1)),
            updated_at_utc_ticks INTEGER NOT NULL CHECK (typeof(updated_at_utc_ticks) = 'integer'),
            updated_at_offset_minutes INTEGER NOT NULL CHECK (typeof(updated_at_offset_minutes) = 'integer')
        ) WITHOUT ROWID;
        INSERT INTO {SchemaTable} (id, version) VALUES (1, 1);
        """;

    private const string Columns = "cursor, version, pages_done, items_done, completed, updated_at_utc_ticks, updated_at_offset_minutes";

    public const string Load = $"SELECT {Columns} FROM {CheckpointsTable} WHERE job_id = $job_id;";

    // Ordered by job id: the BINARY collation of ASCII ids is ordinal order. substr, not LIKE: LIKE would treat
    // '_' in a prefix as a wildcard and ignore case.
    public const string List =
        $"SELECT job_id, {Columns} FROM {CheckpointsTable} WHERE $prefix IS NULL OR substr(job_id, 1, length($prefix)) = $prefix ORDER BY job_id;";

    public const string Insert =
        $"""
        INSERT INTO {CheckpointsTable} (job_id, {Columns})
        VALUES ($job_id, $cursor, $version, $pages_done, $items_done, $completed, $updated_at_utc_ticks, $updated_at_offset_minutes)
        ON CONFLICT (job_id) DO NOTHING;
        """;

    public const string Update =
        $"""
        UPDATE {CheckpointsTable}
        SET cursor = $cursor, version = $version, pages_done = $pages_done, items_done = $items_done, completed = $completed,
            updated_at_utc_ticks = $updated_at_utc_ticks, updated_at_offset_minutes = $updated_at_offset_minutes
        WHERE job_id = $job_id AND version = $version - 1;
        """;

    public const string Delete = $"DELETE FROM {CheckpointsTable} WHERE job_id = $job_id;";
}
