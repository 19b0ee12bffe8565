using ResumableJobs;

namespace SimInventorySync.Carriers;

/// <summary>
/// Gives a page source a total for progress and ETA when its API has none: the size of the local inventory is
/// what the carrier should hold, give or take the differences the reconciliation is there to find.
/// </summary>
internal sealed class EstimatedTotalPageSource<TCursor, TItem> : IPageSource<TCursor, TItem>, IEstimatesTotalItems
{
    private readonly IPageSource<TCursor, TItem> _inner;
    private readonly long _estimate;

    public EstimatedTotalPageSource(IPageSource<TCursor, TItem> inner, long estimate)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentOutOfRangeException.ThrowIfNegative(estimate);
        _inner = inner;
        _estimate = estimate;
    }

    public ValueTask<Page<TCursor, TItem>> FetchPageAsync(TCursor cursor, CancellationToken cancellationToken) =>
        _inner.FetchPageAsync(cursor, cancellationToken);

    public ValueTask<long?> EstimateTotalItemsAsync(CancellationToken cancellationToken) => ValueTask.FromResult<long?>(_estimate);
}
