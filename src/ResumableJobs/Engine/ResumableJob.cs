namespace ResumableJobs;

/// <summary>Creates <see cref="ResumableJob{TCursor}"/> instances with the item type inferred from the source.</summary>
public static class ResumableJob
{
    /// <summary>Creates a job that pages through <paramref name="source"/> into <paramref name="sink"/>, checkpointing in <paramref name="store"/>.</summary>
    /// <typeparam name="TCursor">The source's cursor type.</typeparam>
    /// <typeparam name="TItem">The item type.</typeparam>
    /// <param name="jobId">The job id; the key of its checkpoint (see <see cref="JobIds"/> for the rules).</param>
    /// <param name="source">Where pages come from.</param>
    /// <param name="sink">Where pages are applied, idempotently.</param>
    /// <param name="store">Where checkpoints are kept.</param>
    /// <param name="startCursor">The cursor of the first page, used when the job has no checkpoint.</param>
    /// <param name="options">Options, or <see langword="null"/> for the defaults. They are validated and copied.</param>
    /// <param name="cursorSerializer">How cursors become checkpoint text; default System.Text.Json with web defaults.</param>
    /// <returns>The job.</returns>
    /// <exception cref="ArgumentException">An argument or option is invalid; the message names it.</exception>
    public static ResumableJob<TCursor> Create<TCursor, TItem>(
        string jobId,
        IPageSource<TCursor, TItem> source,
        IIdempotentSink<TItem> sink,
        ICheckpointStore store,
        TCursor startCursor,
        ResumableJobOptions? options = null,
        ICursorSerializer<TCursor>? cursorSerializer = null)
    {
        JobIds.Validate(jobId, nameof(jobId));
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(sink);
        ArgumentNullException.ThrowIfNull(store);
        if (startCursor is null)
        {
            throw new ArgumentNullException(nameof(startCursor), $"Job '{jobId}' needs a start cursor.");
        }

        options ??= new ResumableJobOptions();
        options.Validate();
        var serializer = cursorSerializer ?? new JsonCursorSerializer<TCursor>();
        var loop = new JobLoop<TCursor, TItem>(jobId, source, sink, store, startCursor, options.Clone(), serializer);
        return new ResumableJob<TCursor>(loop);
    }
}
