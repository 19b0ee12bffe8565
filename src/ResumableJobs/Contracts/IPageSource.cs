namespace ResumableJobs;

/// <summary>
/// Fetches one page of items for a cursor. A page source is read-only: fetching the same cursor twice must be
/// harmless, which is what lets the engine retry a fetch and replay a page after a crash.
/// </summary>
/// <typeparam name="TCursor">The position in the source from which a page is read.</typeparam>
/// <typeparam name="TItem">The items a page holds.</typeparam>
public interface IPageSource<TCursor, TItem>
{
    /// <summary>Fetches the page that starts at <paramref name="cursor"/>.</summary>
    /// <param name="cursor">Where the page starts: the job's start cursor or the previous page's next cursor.</param>
    /// <param name="cancellationToken">Cancels the fetch.</param>
    /// <returns>The page: its items, the cursor of the page after it, and whether more pages follow.</returns>
    ValueTask<Page<TCursor, TItem>> FetchPageAsync(TCursor cursor, CancellationToken cancellationToken);
}
