namespace ResumableJobs;

/// <summary>
/// Optionally implemented by an <see cref="IPageSource{TCursor, TItem}"/> that can tell how many items it holds,
/// so that progress can show a total and an estimated time of completion.
/// </summary>
public interface IEstimatesTotalItems
{
    /// <summary>Estimates the total number of items the source holds, or returns <see langword="null"/> when unknown.</summary>
    /// <param name="cancellationToken">Cancels the estimate.</param>
    /// <returns>The estimated total, or <see langword="null"/>.</returns>
    ValueTask<long?> EstimateTotalItemsAsync(CancellationToken cancellationToken);
}
