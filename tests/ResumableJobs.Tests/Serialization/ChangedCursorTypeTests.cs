namespace ResumableJobs.Tests.Serialization;

/// <summary>
/// A cursor type renamed or reshaped between deploys must not deserialize into an empty cursor that silently starts
/// the job over: the stored checkpoint is unreadable for the new type, and the run says so.
/// </summary>
public sealed class ChangedCursorTypeTests
{
    public sealed record ApiCursor(string PageToken);

    private sealed class TokenSource : IPageSource<ApiCursor, int>
    {
        public List<ApiCursor> Fetched { get; } = [];

        public ValueTask<Page<ApiCursor, int>> FetchPageAsync(ApiCursor cursor, CancellationToken cancellationToken)
        {
            Fetched.Add(cursor);
            return ValueTask.FromResult(Page.Last<ApiCursor, int>([1]));
        }
    }

    private sealed class CountingSink : IIdempotentSink<int>
    {
        public int Applies { get; private set; }

        public ValueTask ApplyAsync(IReadOnlyList<int> items, PageContext context, CancellationToken cancellationToken)
        {
            Applies++;
            return ValueTask.CompletedTask;
        }
    }

    [Theory]
    [InlineData("{\"token\":\"b2Zmc2V0OjYyMA==\"}")] // the property was renamed
    [InlineData("{}")] // the property is missing
    [InlineData("{\"pageToken\":null}")] // null where the type does not allow it
    [InlineData("{\"pageToken\":\"abc\",\"extra\":1}")] // a property the type does not have
    public async Task A_stored_cursor_that_does_not_fit_the_cursor_type_fails_the_run_and_is_kept(string storedCursor)
    {
        var ct = TestContext.Current.CancellationToken;
        var store = new InMemoryCheckpointStore();
        var stored = new Checkpoint("changed-cursor", storedCursor, 1, 31, 620, false, DateTimeOffset.UnixEpoch);
        (await store.TrySaveAsync(stored, ct)).Should().BeTrue();
        var source = new TokenSource();
        var sink = new CountingSink();
        var job = ResumableJob.Create("changed-cursor", source, sink, store, new ApiCursor("start"));

        var result = await job.RunAsync(ct);

        result.Outcome.Should().Be(JobOutcome.Failed);
        result.Error.Should().BeOfType<CheckpointCorruptException>()
            .Which.Message.Should().Contain("changed-cursor").And.Contain(nameof(ApiCursor)).And.Contain("ResetAsync");
        source.Fetched.Should().BeEmpty("nothing is fetched from a cursor the job cannot read, least of all the start cursor");
        sink.Applies.Should().Be(0);
        (await store.LoadAsync("changed-cursor", ct)).Should().Be(stored, "the unreadable checkpoint is left as it was");
    }

    [Fact]
    public async Task A_stored_cursor_of_the_current_shape_resumes()
    {
        var ct = TestContext.Current.CancellationToken;
        var store = new InMemoryCheckpointStore();
        (await store.TrySaveAsync(new Checkpoint("same-cursor", "{\"pageToken\":\"abc\"}", 1, 1, 1, false, DateTimeOffset.UnixEpoch), ct)).Should().BeTrue();
        var source = new TokenSource();
        var job = ResumableJob.Create("same-cursor", source, new CountingSink(), store, new ApiCursor("start"));

        var result = await job.RunAsync(ct);

        result.Outcome.Should().Be(JobOutcome.Completed);
        source.Fetched.Should().Equal(new ApiCursor("abc"));
    }
}
