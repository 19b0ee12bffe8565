namespace ResumableJobs.Tests.Fakes;

/// <summary>One page of <see cref="FakePageSource"/>: the page at <paramref name="Cursor"/> holds <paramref name="ItemIds"/>;
/// <paramref name="NextCursor"/> is the next page (or the last page's watermark, when not null).</summary>
public sealed record FakePage(int Cursor, IReadOnlyList<int> ItemIds, int? NextCursor, bool HasMore);

/// <summary>One call of <see cref="FakePageSource.FetchPageAsync"/>.</summary>
/// <param name="Cursor">The cursor asked for.</param>
/// <param name="CallForCursor">1 for the first fetch of that cursor, 2 for the second, ...</param>
/// <param name="Call">1 for the source's first fetch, ...</param>
public readonly record struct FetchCall(int Cursor, int CallForCursor, int Call);

/// <summary>A fetch that returned a page to the engine.</summary>
public sealed record FetchRecord(int Cursor, IReadOnlyList<SourceItem> Items);
