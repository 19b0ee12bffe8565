namespace ResumableJobs;

/// <summary>Shorthands for creating <see cref="Page{TCursor, TItem}"/> values.</summary>
public static class Page
{
    /// <summary>A page after which more pages follow, starting at <paramref name="nextCursor"/>.</summary>
    /// <typeparam name="TCursor">The cursor type.</typeparam>
    /// <typeparam name="TItem">The item type.</typeparam>
    /// <param name="items">The page's items.</param>
    /// <param name="nextCursor">The cursor of the next page.</param>
    /// <returns>The page, with <see cref="Page{TCursor, TItem}.HasNextCursor"/> true.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="items"/> or <paramref name="nextCursor"/> is null.</exception>
    public static Page<TCursor, TItem> More<TCursor, TItem>(IReadOnlyList<TItem> items, TCursor nextCursor) =>
        new(items, nextCursor, hasMore: true, hasNextCursor: true);

    /// <summary>The last page of the source, without a final cursor: the completed checkpoint keeps the cursor the
    /// last page was fetched with.</summary>
    /// <typeparam name="TCursor">The cursor type.</typeparam>
    /// <typeparam name="TItem">The item type.</typeparam>
    /// <param name="items">The page's items.</param>
    /// <returns>The page, with <see cref="Page{TCursor, TItem}.HasNextCursor"/> false.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="items"/> is null.</exception>
    public static Page<TCursor, TItem> Last<TCursor, TItem>(IReadOnlyList<TItem> items) =>
        new(items, default, hasMore: false, hasNextCursor: false);

    /// <summary>The last page of the source, with a final cursor to store with the completed checkpoint: a watermark
    /// such as "modified since", which an incremental follow-up job reads with <c>GetCheckpointAsync</c> and uses as
    /// its own start cursor (a completed job itself never fetches again).</summary>
    /// <typeparam name="TCursor">The cursor type.</typeparam>
    /// <typeparam name="TItem">The item type.</typeparam>
    /// <param name="items">The page's items.</param>
    /// <param name="finalCursor">The final cursor. Any value counts, <c>default(TCursor)</c> (such as 0) included;
    /// for a page without one, call <see cref="Last{TCursor, TItem}(IReadOnlyList{TItem})"/>.</param>
    /// <returns>The page, with <see cref="Page{TCursor, TItem}.HasNextCursor"/> true.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="items"/> or <paramref name="finalCursor"/> is null.</exception>
    public static Page<TCursor, TItem> Last<TCursor, TItem>(IReadOnlyList<TItem> items, TCursor finalCursor)
    {
        if (finalCursor is null)
        {
            throw new ArgumentNullException(nameof(finalCursor), "A final cursor cannot be null; call Page.Last(items) for a last page without a final cursor.");
        }

        return new(items, finalCursor, hasMore: false, hasNextCursor: true);
    }
}
