namespace ResumableJobs;

/// <summary>
/// One partition of a <see cref="PartitionedJob{TCursor}"/>: an independent range of the source (one carrier
/// account, one key range) with its own start cursor and its own checkpoint, under the job id
/// <c>&lt;jobId&gt;.&lt;partitionId&gt;</c>.
/// </summary>
/// <typeparam name="TCursor">The source's cursor type.</typeparam>
/// <typeparam name="TItem">The item type.</typeparam>
public sealed class JobPartition<TCursor, TItem>
{
    /// <summary>Creates a partition.</summary>
    /// <param name="partitionId">The partition id: ASCII letters, digits, '-' and '_', starting with a letter or digit.
    /// No '.', which separates it from the job id: otherwise job "a" with partition "b.c" and job "a.b" with
    /// partition "c" would share the checkpoint "a.b.c".</param>
    /// <param name="source">The partition's pages.</param>
    /// <param name="sink">Where the partition's pages are applied, idempotently (may be shared between partitions
    /// when it is safe for concurrent use).</param>
    /// <param name="startCursor">The cursor of the partition's first page.</param>
    /// <exception cref="ArgumentException">An argument is null or the partition id is invalid.</exception>
    public JobPartition(string partitionId, IPageSource<TCursor, TItem> source, IIdempotentSink<TItem> sink, TCursor startCursor)
    {
        JobIds.Validate(partitionId, nameof(partitionId));
        if (partitionId.Contains('.', StringComparison.Ordinal))
        {
            throw new ArgumentException($"Invalid partition id '{partitionId}': it contains '.', which separates the job id from the partition id in the partition's checkpoint id; use '-' or '_' instead.", nameof(partitionId));
        }

        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(sink);
        if (startCursor is null)
        {
            throw new ArgumentNullException(nameof(startCursor), $"Partition '{partitionId}' needs a start cursor.");
        }

        PartitionId = partitionId;
        Source = source;
        Sink = sink;
        StartCursor = startCursor;
    }

    /// <summary>The partition id.</summary>
    public string PartitionId { get; }

    /// <summary>The partition's page source.</summary>
    public IPageSource<TCursor, TItem> Source { get; }

    /// <summary>The partition's sink.</summary>
    public IIdempotentSink<TItem> Sink { get; }

    /// <summary>The cursor of the partition's first page, used while it has no checkpoint.</summary>
    public TCursor StartCursor { get; }
}
