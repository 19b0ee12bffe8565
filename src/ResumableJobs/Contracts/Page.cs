namespace ResumableJobs;

/// <summary>One page fetched from an <see cref="IPageSource{TCursor, TItem}"/>.</summary>
/// <typeparam name="TCursor">The cursor type of the source.</typeparam>
/// <typeparam name="TItem">The item type of the source.</typeparam>
public sealed class Page<TCursor, TItem>
{
    /// <summary>Creates a page.</summary>
    /// <param name="items">The page's items; may be empty (an empty page does not end the job).</param>
    /// <param name="nextCursor">The cursor of the following page. Required when <paramref name="hasMore"/> is true;
    /// on the last page it may carry a resumable watermark, or be <see langword="null"/>.</param>
    /// <param name="hasMore">Whether more pages follow. Only <see langword="false"/> here ends the job.</param>
    /// <exception cref="ArgumentNullException"><paramref name="items"/> is null, or <paramref name="hasMore"/>
    /// is true and <paramref name="nextCursor"/> is null.</exception>
    public Page(IReadOnlyList<TItem> items, TCursor? nextCursor, bool hasMore)
    {
        ArgumentNullException.ThrowIfNull(items);
        if (hasMore && nextCursor is null)
        {
            throw new ArgumentNullException(nameof(nextCursor), "A page that says more pages follow must give the cursor of the next page.");
        }

        Items = items;
        NextCursor = nextCursor;
        HasMore = hasMore;
    }

    /// <summary>The page's items, in source order.</summary>
    public IReadOnlyList<TItem> Items { get; }

    /// <summary>The cursor of the following page (may be <see langword="null"/> on the last page).</summary>
    public TCursor? NextCursor { get; }

    /// <summary>Whether more pages follow this one.</summary>
    public bool HasMore { get; }
}
