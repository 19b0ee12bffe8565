namespace ResumableJobs;

/// <summary>Creates <see cref="PartitionedJob{TCursor}"/> instances with the item type inferred from the partitions.</summary>
public static class PartitionedJob
{
    /// <summary>
    /// Creates a job made of partitions, each with its own source, start cursor and checkpoint (job id
    /// <c>&lt;jobId&gt;.&lt;partitionId&gt;</c>), run with bounded parallelism on this machine.
    /// </summary>
    /// <typeparam name="TCursor">The sources' cursor type.</typeparam>
    /// <typeparam name="TItem">The item type.</typeparam>
    /// <param name="jobId">The job id; with a partition id it forms that partition's job id (see <see cref="JobIds"/>).</param>
    /// <param name="partitions">The partitions, at least one; partition ids unique (also ignoring case, so that they
    /// stay distinct in a file store on a case-insensitive file system).</param>
    /// <param name="store">Where every partition's checkpoint is kept.</param>
    /// <param name="options">Options, or <see langword="null"/> for the defaults. They are validated and copied.</param>
    /// <param name="cursorSerializer">How cursors become checkpoint text; default System.Text.Json with web defaults.</param>
    /// <returns>The job.</returns>
    /// <exception cref="ArgumentException">An argument, a partition or an option is invalid; the message names it.</exception>
    public static PartitionedJob<TCursor> Create<TCursor, TItem>(
        string jobId,
        IEnumerable<JobPartition<TCursor, TItem>> partitions,
        ICheckpointStore store,
        PartitionedJobOptions? options = null,
        ICursorSerializer<TCursor>? cursorSerializer = null)
    {
        JobIds.Validate(jobId, nameof(jobId));
        ArgumentNullException.ThrowIfNull(partitions);
        ArgumentNullException.ThrowIfNull(store);
        options ??= new PartitionedJobOptions();
        options.Validate();
        options = options.Clone();
        var serializer = cursorSerializer ?? new JsonCursorSerializer<TCursor>();

        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var ids = new List<string>();
        var loops = new List<JobLoop<TCursor>>();
        foreach (var partition in partitions)
        {
            if (partition is null)
            {
                throw new ArgumentException($"Job '{jobId}': partition {ids.Count + 1} is null.", nameof(partitions));
            }

            if (!seen.Add(partition.PartitionId))
            {
                throw new ArgumentException($"Job '{jobId}': the partition id '{partition.PartitionId}' is given twice (partition ids must differ, also ignoring case).", nameof(partitions));
            }

            var partitionJobId = PartitionedJob<TCursor>.PartitionJobId(jobId, partition.PartitionId);
            if (!JobIds.IsValid(partitionJobId))
            {
                throw new ArgumentException($"Job '{jobId}': partition '{partition.PartitionId}' gives the job id '{partitionJobId}', which is invalid (at most {JobIds.MaxLength} characters in all).", nameof(partitions));
            }

            ids.Add(partition.PartitionId);
            loops.Add(new JobLoop<TCursor, TItem>(partitionJobId, partition.Source, partition.Sink, store, partition.StartCursor, options.Job, serializer));
        }

        if (loops.Count == 0)
        {
            throw new ArgumentException($"Job '{jobId}' needs at least one partition.", nameof(partitions));
        }

        return new PartitionedJob<TCursor>(jobId, ids, loops, store, options);
    }
}
