using System.Text.Json.Serialization;

namespace ResumableJobs.Tests.Serialization;

/// <summary>Cursors reach the store as strings: System.Text.Json by default (web defaults), replaceable.</summary>
public sealed partial class CursorSerializationTests
{
    public sealed record PageToken(string Token, int Offset);

    [JsonSerializable(typeof(PageToken))]
    private sealed partial class CursorJsonContext : JsonSerializerContext;

    [Fact]
    public async Task A_record_cursor_is_stored_as_web_JSON_and_a_resumed_run_gets_an_equal_cursor_back()
    {
        var store = new InMemoryCheckpointStore();
        var source = new TokenSource(failOnce: new PageToken("t2", 20));
        var sink = new ListSink();
        var job = ResumableJob.Create("tokens", source, sink, store, new PageToken("t0", 0));

        var first = await job.RunAsync(TestContext.Current.CancellationToken);
        var checkpoint = await store.LoadAsync("tokens", TestContext.Current.CancellationToken);
        var second = await job.RunAsync(TestContext.Current.CancellationToken);

        first.Outcome.Should().Be(JobOutcome.Failed);
        checkpoint!.Cursor.Should().Be("{\"token\":\"t2\",\"offset\":20}");
        second.Outcome.Should().Be(JobOutcome.Completed);
        second.ResumedFromCursor.Should().Be(checkpoint.Cursor);
        source.Requested.Should().Equal(new PageToken("t0", 0), new PageToken("t1", 10), new PageToken("t2", 20), new PageToken("t2", 20), new PageToken("t3", 30));
        sink.Items.Should().Equal(0, 10, 20, 30);
    }

    [Fact]
    public async Task A_source_generated_serializer_can_replace_the_reflection_default()
    {
        var store = new InMemoryCheckpointStore();
        var job = ResumableJob.Create("tokens-aot", new TokenSource(), new ListSink(), store, new PageToken("t0", 0), cursorSerializer: new JsonCursorSerializer<PageToken>(CursorJsonContext.Default.PageToken));

        (await job.RunAsync(TestContext.Current.CancellationToken)).Outcome.Should().Be(JobOutcome.Completed);

        (await store.LoadAsync("tokens-aot", TestContext.Current.CancellationToken))!.Cursor.Should().Be("{\"Token\":\"t3\",\"Offset\":30}");
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("{\"token\":")]
    [InlineData("null")]
    public void Text_that_is_not_a_cursor_is_a_FormatException(string text)
    {
        var serializer = new JsonCursorSerializer<PageToken>();

        var act = () => serializer.Deserialize(text);

        act.Should().Throw<FormatException>().WithMessage("*PageToken*");
    }

    [Fact]
    public void Equal_cursors_serialize_to_equal_text()
    {
        var serializer = new JsonCursorSerializer<PageToken>();

        serializer.Serialize(new PageToken("x", 1)).Should().Be(serializer.Serialize(new PageToken("x", 1)));
        serializer.Deserialize(serializer.Serialize(new PageToken("x", 1))).Should().Be(new PageToken("x", 1));
    }

    private sealed class TokenSource(PageToken? failOnce = null) : IPageSource<PageToken, int>
    {
        private bool _failed;

        public List<PageToken> Requested { get; } = new();

        public ValueTask<Page<PageToken, int>> FetchPageAsync(PageToken cursor, CancellationToken cancellationToken)
        {
            Requested.Add(cursor);
            if (cursor == failOnce && !_failed)
            {
                _failed = true;
                throw new InvalidOperationException("crash");
            }

            var next = new PageToken($"t{(cursor.Offset / 10) + 1}", cursor.Offset + 10);
            return ValueTask.FromResult(cursor.Offset < 30 ? Page.More<PageToken, int>([cursor.Offset], next) : Page.Last<PageToken, int>([cursor.Offset]));
        }
    }

    private sealed class ListSink : IIdempotentSink<int>
    {
        public List<int> Items { get; } = new();

        public ValueTask ApplyAsync(IReadOnlyList<int> items, PageContext context, CancellationToken cancellationToken)
        {
            Items.AddRange(items.Where(i => !Items.Contains(i)));
            return ValueTask.CompletedTask;
        }
    }
}
