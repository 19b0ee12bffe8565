namespace ResumableJobs.Tests.Fakes;

/// <summary>A <see cref="FakePageSource"/> that can also estimate its total (for ETA tests).</summary>
public sealed class EstimatingPageSource(FakePageSource inner, Func<long?> estimate) : IPageSource<int, SourceItem>, IEstimatesTotalItems
{
    public FakePageSource Inner => inner;

    public ValueTask<Page<int, SourceItem>> FetchPageAsync(int cursor, CancellationToken cancellationToken) =>
        inner.FetchPageAsync(cursor, cancellationToken);

    public ValueTask<long?> EstimateTotalItemsAsync(CancellationToken cancellationToken) => ValueTask.FromResult(estimate());
}
