using ResumableJobs;

namespace ResumableJobs.Benchmarks.Shared;

/// <summary>
/// In-memory parts with no latency: pages of <see cref="ItemsPerPage"/> items, a sink that upserts them into a
/// dictionary (keys repeat from page to page, so its memory stays flat), and the in-memory checkpoint store.
/// </summary>
public static class InMemoryWorkload
{
    public const int ItemsPerPage = 100;

    private static readonly int[] Items = Enumerable.Range(0, ItemsPerPage).ToArray();

    public sealed class Source(int pageCount) : IPageSource<int, int>
    {
        public ValueTask<Page<int, int>> FetchPageAsync(int cursor, CancellationToken cancellationToken) =>
            ValueTask.FromResult(cursor + 1 < pageCount
                ? new Page<int, int>(Items, cursor + 1, hasMore: true)
                : new Page<int, int>(Items, cursor + 1, hasMore: false));
    }

    public sealed class Sink : IIdempotentSink<int>
    {
        private readonly Dictionary<int, long> _rows = new(ItemsPerPage);

        /// <summary>Called after each page with the page number, e.g. to sample memory.</summary>
        public Action<long>? AfterPage { get; set; }

        public ValueTask ApplyAsync(IReadOnlyList<int> items, PageContext context, CancellationToken cancellationToken)
        {
            for (var i = 0; i < items.Count; i++)
            {
                _rows[items[i]] = context.PageNumber;
            }

            AfterPage?.Invoke(context.PageNumber);
            return ValueTask.CompletedTask;
        }
    }

    /// <summary>
    /// The loop a user would write by hand: fetch, apply, serialize the next cursor, save a conditional checkpoint.
    /// No retries, no cycle detection, no progress, no telemetry.
    /// </summary>
    public static async Task<long> RunHandWrittenAsync(
        string jobId, IPageSource<int, int> source, IIdempotentSink<int> sink, ICheckpointStore store, ICursorSerializer<int> serializer, CancellationToken cancellationToken)
    {
        var cursor = 0;
        var cursorText = serializer.Serialize(cursor);
        long version = 0, pages = 0, items = 0;
        while (true)
        {
            var page = await source.FetchPageAsync(cursor, cancellationToken).ConfigureAwait(false);
            if (page.Items.Count > 0)
            {
                await sink.ApplyAsync(page.Items, new PageContext(jobId, pages + 1, cursorText), cancellationToken).ConfigureAwait(false);
            }

            var nextText = serializer.Serialize(page.NextCursor);
            var checkpoint = new Checkpoint(jobId, nextText, ++version, ++pages, items += page.Items.Count, !page.HasMore, DateTimeOffset.UtcNow);
            if (!await store.TrySaveAsync(checkpoint, cancellationToken).ConfigureAwait(false))
            {
                throw new InvalidOperationException("Another runner saved first.");
            }

            if (!page.HasMore)
            {
                return pages;
            }

            cursor = page.NextCursor;
            cursorText = nextText;
        }
    }

    public static ResumableJobOptions EngineOptions(bool retries = true, int prefetch = 1) => new()
    {
        PrefetchPages = prefetch,
        Retry = new RetryOptions { MaxRetryAttempts = retries ? 8 : 0 },
    };
}
