namespace ResumableJobs;

/// <summary>Shorthands for creating <see cref="Page{TCursor, TItem}"/> values with type inference.</summary>
public static class Page
{
    /// <summary>A page after which more pages follow, starting at <paramref name="nextCursor"/>.</summary>
    /// <typeparam name="TCursor">The cursor type.</typeparam>
    /// <typeparam name="TItem">The item type.</typeparam>
    /// <param name="items">The page's items.</param>
    /// <param name="nextCursor">The cursor of the next page.</param>
    /// <returns>The page.</returns>
    public static Page<TCursor, TItem> More<TCursor, TItem>(IReadOnlyList<TItem> items, TCursor nextCursor) =>
        new(items, nextCursor, hasMore: true);

    /// <summary>The last page of the source.</summary>
    /// <typeparam name="TCursor">The cursor type.</typeparam>
    /// <typeparam name="TItem">The item type.</typeparam>
    /// <param name="items">The page's items.</param>
    /// <param name="finalCursor">Optionally, a cursor to store with the completed checkpoint (a watermark). When omitted
    /// (or equal to <c>default(TCursor)</c>), the checkpoint keeps the cursor the last page was fetched with.</param>
    /// <returns>The page.</returns>
    public static Page<TCursor, TItem> Last<TCursor, TItem>(IReadOnlyList<TItem> items, TCursor? finalCursor = default) =>
        new(items, finalCursor, hasMore: false);
}
