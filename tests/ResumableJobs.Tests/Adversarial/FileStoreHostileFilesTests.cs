using ResumableJobs.Tests.Fakes;

namespace ResumableJobs.Tests.Adversarial;

/// <summary>
/// Checkpoint files a careless operator or a broken volume can leave behind: a document whose cursor or job id is
/// JSON null, a folder where the file should be, a symbolic link that leads nowhere. Each is a
/// <see cref="CheckpointCorruptException"/> naming the job and the file, never "no checkpoint" (a silent restart from
/// zero) or a bare access error, and nothing is overwritten.
/// </summary>
public sealed class FileStoreHostileFilesTests : IDisposable
{
    private const string JobId = "hostile-job";
    private readonly TempDirectory _folder = new();
    private readonly FileCheckpointStore _store;

    public FileStoreHostileFilesTests()
    {
        _store = new FileCheckpointStore(_folder.Path);
    }

    public void Dispose() => _folder.Dispose();

    [Theory]
    [InlineData("cursor")]
    [InlineData("jobId")]
    public async Task A_document_with_a_null_field_is_corrupt_not_a_checkpoint_without_a_cursor(string field)
    {
        var ct = TestContext.Current.CancellationToken;
        var json = """{"format":1,"jobId":"hostile-job","cursor":"7","version":3,"pagesDone":2,"itemsDone":4,"completed":true,"updatedAt":"2020-01-01T00:00:00+00:00"}"""
            .Replace($"\"{field}\":\"{(field == "cursor" ? "7" : JobId)}\"", $"\"{field}\":null", StringComparison.Ordinal);
        json.Should().Contain($"\"{field}\":null");
        var path = _store.GetPath(JobId);
        await File.WriteAllTextAsync(path, json, ct);

        var load = await FluentActions.Awaiting(async () => await _store.LoadAsync(JobId, ct)).Should().ThrowAsync<CheckpointCorruptException>();
        load.Which.JobId.Should().Be(JobId);
        load.Which.Message.Should().Contain(path).And.Contain(field);
        await FluentActions.Awaiting(async () => await _store.ListAsync(null, ct)).Should().ThrowAsync<CheckpointCorruptException>();

        // A completed checkpoint would otherwise end the run as "already completed" without ever reading the cursor.
        var result = await ResumableJob.Create(JobId, FakePageSource.Uniform(2, 2), new RecordingSink(), _store, 0).RunAsync(ct);
        result.Outcome.Should().Be(JobOutcome.Failed);
        result.Error.Should().BeOfType<CheckpointCorruptException>();
        (await File.ReadAllTextAsync(path, ct)).Should().Be(json, "the file is left untouched");
    }

    [Fact]
    public async Task A_folder_where_the_checkpoint_file_should_be_is_a_corrupt_checkpoint_naming_job_and_path()
    {
        var ct = TestContext.Current.CancellationToken;
        var path = _store.GetPath(JobId);
        Directory.CreateDirectory(path);

        var load = await FluentActions.Awaiting(async () => await _store.LoadAsync(JobId, ct)).Should().ThrowAsync<CheckpointCorruptException>();
        load.Which.JobId.Should().Be(JobId);
        load.Which.Message.Should().Contain(path).And.Contain("folder");

        var save = new Checkpoint(JobId, "1", 1, 1, 1, false, DateTimeOffset.UnixEpoch);
        await FluentActions.Awaiting(async () => await _store.TrySaveAsync(save, ct)).Should().ThrowAsync<CheckpointCorruptException>();
        var result = await ResumableJob.Create(JobId, FakePageSource.Uniform(2, 2), new RecordingSink(), _store, 0).RunAsync(ct);
        result.Outcome.Should().Be(JobOutcome.Failed);
        result.Error.Should().BeOfType<CheckpointCorruptException>();
        Directory.Exists(path).Should().BeTrue("nothing replaced the folder");
    }

    [Fact]
    public async Task A_dangling_symbolic_link_is_a_corrupt_checkpoint_not_a_fresh_start()
    {
        var ct = TestContext.Current.CancellationToken;
        var path = _store.GetPath(JobId);
        var missingTarget = _folder.Combine("unmounted-volume/hostile-job.json");
        File.CreateSymbolicLink(path, missingTarget);
        var sink = new RecordingSink();

        var load = await FluentActions.Awaiting(async () => await _store.LoadAsync(JobId, ct)).Should().ThrowAsync<CheckpointCorruptException>();
        load.Which.JobId.Should().Be(JobId);
        load.Which.Message.Should().Contain(path).And.Contain(missingTarget);

        var result = await ResumableJob.Create(JobId, FakePageSource.Uniform(2, 2), sink, _store, 0).RunAsync(ct);
        result.Outcome.Should().Be(JobOutcome.Failed);
        result.Error.Should().BeOfType<CheckpointCorruptException>();
        sink.Calls.Should().Be(0, "nothing is applied from the start cursor");
        new FileInfo(path).LinkTarget.Should().Be(missingTarget, "the link is left as it was");
    }
}
