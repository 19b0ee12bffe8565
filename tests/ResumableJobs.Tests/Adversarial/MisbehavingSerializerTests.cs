using ResumableJobs.Tests.Fakes;

namespace ResumableJobs.Tests.Adversarial;

/// <summary>
/// A cursor serializer that returns null (from Serialize, or from Deserialize for a reference-type cursor) breaks
/// the contract. The run fails before anything is applied, with an error naming the job and the serializer, not a
/// NullReferenceException from deep in the engine or a source called with a null cursor.
/// </summary>
public sealed class MisbehavingSerializerTests
{
    [Fact]
    public async Task A_serializer_that_returns_null_text_fails_the_run_clearly_before_any_apply()
    {
        var sink = new RecordingSink();
        var store = new InMemoryCheckpointStore();
        var job = ResumableJob.Create("null-text", FakePageSource.Uniform(3, 2), sink, store, 0, null, new NullTextSerializer());

        var result = await job.RunAsync(TestContext.Current.CancellationToken);

        result.Outcome.Should().Be(JobOutcome.Failed);
        result.Error.Should().BeOfType<InvalidOperationException>()
            .Which.Message.Should().Contain("'null-text'").And.Contain(nameof(NullTextSerializer)).And.Contain("null");
        sink.Calls.Should().Be(0);
        (await store.LoadAsync("null-text", TestContext.Current.CancellationToken)).Should().BeNull();
    }

    [Fact]
    public async Task A_serializer_that_turns_a_stored_cursor_into_null_is_a_corrupt_checkpoint()
    {
        var ct = TestContext.Current.CancellationToken;
        var store = new InMemoryCheckpointStore();
        (await store.TrySaveAsync(new Checkpoint("null-cursor", "\"b\"", 1, 1, 1, false, DateTimeOffset.UnixEpoch), ct)).Should().BeTrue();
        var source = new RecordingStringSource();

        var result = await ResumableJob.Create("null-cursor", source, new RecordingSink(), store, "a", null, new NullCursorSerializer()).RunAsync(ct);

        result.Outcome.Should().Be(JobOutcome.Failed);
        result.Error.Should().BeOfType<CheckpointCorruptException>().Which.Reason.Should().Contain("null");
        source.Fetches.Should().Be(0, "the source is never called with a null cursor");
    }

    private sealed class NullTextSerializer : ICursorSerializer<int>
    {
        public string Serialize(int cursor) => null!;

        public int Deserialize(string text) => int.Parse(text, System.Globalization.CultureInfo.InvariantCulture);
    }

    private sealed class NullCursorSerializer : ICursorSerializer<string>
    {
        public string Serialize(string cursor) => $"\"{cursor}\"";

        public string Deserialize(string text) => null!;
    }

    private sealed class RecordingStringSource : IPageSource<string, SourceItem>
    {
        public int Fetches { get; private set; }

        public ValueTask<Page<string, SourceItem>> FetchPageAsync(string cursor, CancellationToken cancellationToken)
        {
            Fetches++;
            return ValueTask.FromResult(Page.Last<string, SourceItem>([]));
        }
    }
}
