namespace ResumableJobs.Testing;

/// <summary>One call of <see cref="RecordingSink{TItem}.ApplyAsync"/>, as the sink recorded it.</summary>
/// <param name="Context">The page the engine said it was applying.</param>
/// <param name="Keys">The keys of the page's items, in order.</param>
/// <param name="ItemsWritten">How many of the items were written before the apply ended (all of them unless it failed).</param>
/// <param name="Error">The fault that ended the apply early, or <see langword="null"/> when it completed.</param>
public sealed record RecordedApply(PageContext Context, IReadOnlyList<string> Keys, int ItemsWritten, Exception? Error)
{
    /// <summary>Whether the apply wrote every item.</summary>
    public bool Completed => Error is null;
}
