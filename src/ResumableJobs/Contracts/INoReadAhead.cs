namespace ResumableJobs;

/// <summary>
/// Implemented by an <see cref="IPageSource{TCursor, TItem}"/> that must not be read ahead: the engine then fetches
/// page N+1 only after page N was applied and checkpointed, whatever <see cref="ResumableJobOptions.PrefetchPages"/>
/// says. Use it for a source whose fetch is not purely a read, for example a queue or change feed where fetching the
/// next page acknowledges the previous one, or an API whose rate budget must not be spent on a page that a failure
/// would drop.
/// </summary>
#pragma warning disable CA1040 // A marker interface is the point: the engine checks for it, no member is needed.
public interface INoReadAhead
#pragma warning restore CA1040
{
}
