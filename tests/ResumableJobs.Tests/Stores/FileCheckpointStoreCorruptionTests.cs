using System.Text;
using ResumableJobs.Tests.Fakes;

namespace ResumableJobs.Tests.Stores;

/// <summary>Rule 7: an unreadable checkpoint file is an error naming the file and the job, never "no checkpoint", and
/// the file is left byte-for-byte as it was.</summary>
public sealed class FileCheckpointStoreCorruptionTests : IDisposable
{
    private const string JobId = "corrupt-job";
    private readonly TempDirectory _folder = new();
    private readonly FileCheckpointStore _store;

    public FileCheckpointStoreCorruptionTests()
    {
        _store = new FileCheckpointStore(_folder.Path);
    }

    public static TheoryData<string> Corruptions() =>
        new("empty", "NUL-filled", "truncated", "not JSON", "wrong job id inside", "JSON null", "JSON array", "missing fields", "unknown format", "version 0", "negative totals");

    public void Dispose() => _folder.Dispose();

    [Theory]
    [MemberData(nameof(Corruptions))]
    public async Task A_corrupt_file_is_a_clear_error_naming_the_file_and_the_job_and_is_left_untouched(string corruption)
    {
        var bytes = await WriteCorruptFileAsync(corruption);
        var path = _store.GetPath(JobId);
        var ct = TestContext.Current.CancellationToken;

        var load = await FluentActions.Awaiting(async () => await _store.LoadAsync(JobId, ct)).Should().ThrowAsync<CheckpointCorruptException>(corruption);
        load.Which.JobId.Should().Be(JobId);
        load.Which.Store.Should().Contain(path);
        load.Which.Message.Should().Contain(path).And.Contain($"'{JobId}'").And.Contain("untouched");
        load.Which.Reason.Should().NotBeNullOrWhiteSpace();

        // A save over it must not "repair" it silently either.
        var save = new Checkpoint(JobId, "1", 1, 1, 1, false, DateTimeOffset.UnixEpoch);
        await FluentActions.Awaiting(async () => await _store.TrySaveAsync(save, ct)).Should().ThrowAsync<CheckpointCorruptException>();
        await FluentActions.Awaiting(async () => await _store.ListAsync(null, ct)).Should().ThrowAsync<CheckpointCorruptException>();

        (await File.ReadAllBytesAsync(path, ct)).Should().Equal(bytes, "the file is left byte-for-byte untouched");
        Directory.GetFiles(_folder.Path, "*.tmp").Should().BeEmpty();
    }

    [Theory]
    [MemberData(nameof(Corruptions))]
    public async Task A_run_over_a_corrupt_checkpoint_fails_with_that_error_instead_of_restarting(string corruption)
    {
        var bytes = await WriteCorruptFileAsync(corruption);
        var harness = new JobHarness(FakePageSource.Uniform(3, 3))
        {
            JobId = JobId,
            Store = new FaultInjectingCheckpointStore(_store),
        };

        var result = await harness.RunAsync(TestContext.Current.CancellationToken);

        result.Outcome.Should().Be(JobOutcome.Failed, corruption);
        var error = result.Error.Should().BeOfType<CheckpointCorruptException>().Subject;
        error.JobId.Should().Be(JobId);
        error.Message.Should().Contain(_store.GetPath(JobId));
        harness.Source.TotalCalls.Should().Be(0, "the job does not silently restart from zero");
        harness.Sink.Calls.Should().Be(0);
        harness.Store.Loads.Should().Be(1, "a corrupt checkpoint is not retried");
        harness.Store.SaveAttempts.Should().Be(0);
        (await File.ReadAllBytesAsync(_store.GetPath(JobId), TestContext.Current.CancellationToken)).Should().Equal(bytes);
        harness.Progress.Reports.Should().ContainSingle().Which.State.Should().Be(JobState.Failed);
    }

    [Fact]
    public async Task A_checkpoint_cursor_that_no_longer_deserializes_is_a_clear_error_naming_the_job_and_the_store()
    {
        var ct = TestContext.Current.CancellationToken;
        await _store.TrySaveAsync(new Checkpoint(JobId, "\"not-a-number\"", 1, 1, 1, false, DateTimeOffset.UnixEpoch), ct);
        var harness = new JobHarness(FakePageSource.Uniform(3, 3)) { JobId = JobId, Store = new FaultInjectingCheckpointStore(_store) };

        var result = await harness.RunAsync(ct);

        var error = result.Error.Should().BeOfType<CheckpointCorruptException>().Subject;
        error.Message.Should().Contain(JobId).And.Contain(_folder.Path).And.Contain("Int32");
        harness.Source.TotalCalls.Should().Be(0);
    }

    [Fact]
    public async Task A_store_that_returns_another_jobs_checkpoint_is_a_clear_error()
    {
        var ct = TestContext.Current.CancellationToken;
        var inner = new InMemoryCheckpointStore();
        await inner.TrySaveAsync(new Checkpoint("other-job", "1", 1, 1, 1, false, DateTimeOffset.UnixEpoch), ct);
        var harness = new JobHarness(FakePageSource.Uniform(3, 3)) { JobId = JobId, Store = new FaultInjectingCheckpointStore(new MisroutingStore(inner, "other-job")) };

        var result = await harness.RunAsync(ct);

        result.Error.Should().BeOfType<CheckpointCorruptException>().Which.Message.Should().Contain(JobId).And.Contain("other-job");
        harness.Source.TotalCalls.Should().Be(0);
    }

    private async Task<byte[]> WriteCorruptFileAsync(string corruption)
    {
        var ct = TestContext.Current.CancellationToken;
        var valid = await ValidDocumentAsync(JobId);
        var bytes = corruption switch
        {
            "empty" => [],
            "NUL-filled" => new byte[4096],
            "truncated" => valid[..(valid.Length / 2)],
            "not JSON" => "<checkpoint>oops</checkpoint>"u8.ToArray(),
            "wrong job id inside" => await ValidDocumentAsync("someone-else"),
            "JSON null" => "null"u8.ToArray(),
            "JSON array" => "[1,2,3]"u8.ToArray(),
            "missing fields" => "{\"format\":1,\"jobId\":\"corrupt-job\"}"u8.ToArray(),
            "unknown format" => Replace(valid, "\"format\": 1", "\"format\": 99"),
            "version 0" => Replace(valid, "\"version\": 1", "\"version\": 0"),
            "negative totals" => Replace(valid, "\"itemsDone\": 7", "\"itemsDone\": -7"),
            _ => throw new ArgumentOutOfRangeException(nameof(corruption), corruption, "unknown corruption"),
        };
        await File.WriteAllBytesAsync(_store.GetPath(JobId), bytes, ct);
        return bytes;
    }

    private async Task<byte[]> ValidDocumentAsync(string jobId)
    {
        var ct = TestContext.Current.CancellationToken;
        var scratch = new FileCheckpointStore(_folder.Combine("scratch"));
        await scratch.DeleteAsync(jobId, ct);
        (await scratch.TrySaveAsync(new Checkpoint(jobId, "3", 1, 3, 7, false, DateTimeOffset.UnixEpoch), ct)).Should().BeTrue();
        return await File.ReadAllBytesAsync(scratch.GetPath(jobId), ct);
    }

    private static byte[] Replace(byte[] document, string from, string to)
    {
        var text = Encoding.UTF8.GetString(document);
        text.Should().Contain(from, "the test edits a field the store writes");
        return Encoding.UTF8.GetBytes(text.Replace(from, to, StringComparison.Ordinal));
    }

    /// <summary>A buggy custom store that answers every load with another job's checkpoint.</summary>
    private sealed class MisroutingStore(ICheckpointStore inner, string servedJobId) : ICheckpointStore
    {
        public ValueTask<Checkpoint?> LoadAsync(string jobId, CancellationToken cancellationToken) => inner.LoadAsync(servedJobId, cancellationToken);

        public ValueTask<bool> TrySaveAsync(Checkpoint checkpoint, CancellationToken cancellationToken) => inner.TrySaveAsync(checkpoint, cancellationToken);

        public ValueTask<bool> DeleteAsync(string jobId, CancellationToken cancellationToken) => inner.DeleteAsync(jobId, cancellationToken);

        public ValueTask<IReadOnlyList<Checkpoint>> ListAsync(string? jobIdPrefix, CancellationToken cancellationToken) => inner.ListAsync(jobIdPrefix, cancellationToken);
    }
}
