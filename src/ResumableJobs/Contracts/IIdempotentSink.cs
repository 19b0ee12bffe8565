namespace ResumableJobs;

/// <summary>
/// Applies one page of items to the destination. Applying the same page twice must leave the same state as
/// applying it once (upserts keyed on a stable key, never blind inserts or increments), because after a crash
/// between apply and checkpoint the engine applies that page again.
/// </summary>
/// <typeparam name="TItem">The items the sink applies.</typeparam>
public interface IIdempotentSink<TItem>
{
    /// <summary>Applies the items of one page.</summary>
    /// <param name="items">The page's items, in source order. Never empty.</param>
    /// <param name="context">Which job and page the items belong to.</param>
    /// <param name="cancellationToken">Cancels the apply; a page whose apply did not finish is not checkpointed.</param>
    /// <returns>A task that completes when the page is durably applied.</returns>
    ValueTask ApplyAsync(IReadOnlyList<TItem> items, PageContext context, CancellationToken cancellationToken);
}
