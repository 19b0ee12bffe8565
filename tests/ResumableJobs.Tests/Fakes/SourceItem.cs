namespace ResumableJobs.Tests.Fakes;

/// <summary>An item of <see cref="FakePageSource"/>: a stable id, the cursor of the page it came from, and its value at fetch time.</summary>
public sealed record SourceItem(int Id, int PageCursor, string Value);
