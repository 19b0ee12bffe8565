namespace ResumableJobs;

/// <summary>
/// The pages fetched ahead of the one being applied, in page order. Fetches stay sequential: the fetch of page N+1
/// starts when page N's next cursor is known, so the source never sees two fetches at once. The loop takes pages
/// from the front; on the way out (failure, cancellation, completion) every page still pending is cancelled and
/// awaited, never applied, so that no fetch outlives the run and no fault goes unobserved.
/// </summary>
/// <typeparam name="TCursor">The cursor type.</typeparam>
/// <typeparam name="TItem">The item type.</typeparam>
internal sealed class PagePrefetcher<TCursor, TItem> : IAsyncDisposable
{
    private readonly JobLoop<TCursor, TItem> _loop;
    private readonly ProgressTracker _tracker;
    private readonly int _depth;
    private readonly CancellationTokenSource _cancellation;
    private readonly Queue<ValueTask<Page<TCursor, TItem>?>> _pending;

    // With more than one page ahead, each fetch waits on the one before it (for its cursor), so pages are tasks.
    private Task<Page<TCursor, TItem>?>? _tail;

    public PagePrefetcher(JobLoop<TCursor, TItem> loop, ProgressTracker tracker, int depth, CancellationToken runToken)
    {
        _loop = loop;
        _tracker = tracker;
        _depth = depth;
        _cancellation = CancellationTokenSource.CreateLinkedTokenSource(runToken);
        _pending = new Queue<ValueTask<Page<TCursor, TItem>?>>(depth);
    }

    /// <summary>
    /// Takes the next prefetched page, when there is one. Its result is null only past the last page, which the
    /// loop never takes (it stops at the page that says no more follow).
    /// </summary>
    public bool TryTake(out ValueTask<Page<TCursor, TItem>?> page) => _pending.TryDequeue(out page);

    /// <summary>Starts fetching the pages after <paramref name="current"/> (which says more follow), up to the depth.</summary>
    public void FetchAhead(Page<TCursor, TItem> current)
    {
        if (_pending.Count == 0)
        {
            var next = _loop.FetchAsync(current.NextCursor!, _tracker, _cancellation.Token);
            if (_depth == 1)
            {
                _pending.Enqueue(next);
                return;
            }

            _tail = next.AsTask();
            _pending.Enqueue(new ValueTask<Page<TCursor, TItem>?>(_tail));
        }

        while (_pending.Count < _depth)
        {
            _tail = FetchAfterAsync(_tail!);
            _pending.Enqueue(new ValueTask<Page<TCursor, TItem>?>(_tail));
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _cancellation.CancelAsync().ConfigureAwait(false);
        while (_pending.TryDequeue(out var pending))
        {
            try
            {
                _ = await pending.ConfigureAwait(false);
            }
            catch (Exception)
            {
                // A dropped page's fetch fault or cancellation is not the run's outcome; awaiting it is what matters.
            }
        }

        _cancellation.Dispose();
    }

    private async Task<Page<TCursor, TItem>?> FetchAfterAsync(Task<Page<TCursor, TItem>?> previous)
    {
        var page = await previous.ConfigureAwait(false);
        if (page is null || !page.HasMore)
        {
            return null;
        }

        _cancellation.Token.ThrowIfCancellationRequested();
        return await _loop.FetchAsync(page.NextCursor!, _tracker, _cancellation.Token).ConfigureAwait(false);
    }
}
