namespace ResumableJobs;

/// <summary>One page fetched from an <see cref="IPageSource{TCursor, TItem}"/>.</summary>
/// <typeparam name="TCursor">The cursor type of the source.</typeparam>
/// <typeparam name="TItem">The item type of the source.</typeparam>
/// <remarks>
/// Create pages with <see cref="Page.More{TCursor, TItem}"/> and the two <c>Page.Last</c> overloads: they say
/// exactly whether a last page carries a final cursor, which a value-type cursor cannot say by being null.
/// </remarks>
public sealed class Page<TCursor, TItem>
{
    /// <summary>Creates a page. <see cref="HasNextCursor"/> is <see langword="true"/> when
    /// <paramref name="nextCursor"/> is not null, so for a value-type cursor always, even for its default value
    /// (such as 0); create a last page without a final cursor with <see cref="Page.Last{TCursor, TItem}(IReadOnlyList{TItem})"/>.</summary>
    /// <param name="items">The page's items; may be empty (an empty page does not end the job).</param>
    /// <param name="nextCursor">The cursor of the following page. Required when <paramref name="hasMore"/> is true;
    /// on the last page it may carry a resumable watermark, or be <see langword="null"/>.</param>
    /// <param name="hasMore">Whether more pages follow. Only <see langword="false"/> here ends the job.</param>
    /// <exception cref="ArgumentNullException"><paramref name="items"/> is null, or <paramref name="hasMore"/>
    /// is true and <paramref name="nextCursor"/> is null.</exception>
    public Page(IReadOnlyList<TItem> items, TCursor? nextCursor, bool hasMore)
        : this(items, nextCursor, hasMore, hasNextCursor: nextCursor is not null)
    {
    }

    /// <summary>Creates a page that says explicitly whether it carries a next or final cursor (for the factories in
    /// <see cref="Page"/>, which keep the rules: true whenever <paramref name="hasMore"/> is, and then the cursor is
    /// not null).</summary>
    /// <param name="items">The page's items.</param>
    /// <param name="nextCursor">The next or final cursor.</param>
    /// <param name="hasMore">Whether more pages follow.</param>
    /// <param name="hasNextCursor">Whether <paramref name="nextCursor"/> was given.</param>
    internal Page(IReadOnlyList<TItem> items, TCursor? nextCursor, bool hasMore, bool hasNextCursor)
    {
        ArgumentNullException.ThrowIfNull(items);
        if (hasMore && nextCursor is null)
        {
            throw new ArgumentNullException(nameof(nextCursor), "A page that says more pages follow must give the cursor of the next page.");
        }

        Items = items;
        NextCursor = nextCursor;
        HasMore = hasMore;
        HasNextCursor = hasNextCursor;
    }

    /// <summary>The page's items, in source order.</summary>
    public IReadOnlyList<TItem> Items { get; }

    /// <summary>The cursor of the following page; on the last page, the final cursor when one was given (see
    /// <see cref="HasNextCursor"/>). Read it only when <see cref="HasNextCursor"/> is true: otherwise it is
    /// <see langword="null"/>, or <c>default(TCursor)</c> for a value-type cursor, and means nothing.</summary>
    public TCursor? NextCursor { get; }

    /// <summary>Whether more pages follow this one.</summary>
    public bool HasMore { get; }

    /// <summary>
    /// Whether the page carries a cursor in <see cref="NextCursor"/>: always when <see cref="HasMore"/> is true; on
    /// the last page, when a final cursor (a watermark to store with the completed checkpoint) was given, even if it
    /// equals <c>default(TCursor)</c>. When false, the completed checkpoint keeps the cursor the last page was
    /// fetched with.
    /// </summary>
    public bool HasNextCursor { get; }
}
