using ResumableJobs.Tests.Fakes;

namespace ResumableJobs.Tests.Stores;

/// <summary>What only the file store does (one JSON file per job, the folder, its options); the store contract
/// itself is checked by the conformance suite (<see cref="Conformance.FileCheckpointStoreConformanceTests"/>).</summary>
public sealed class FileCheckpointStoreTests : IDisposable
{
    private static readonly DateTimeOffset At = new(2030, 1, 2, 3, 4, 5, TimeSpan.Zero);
    private readonly TempDirectory _folder = new();
    private readonly FileCheckpointStore _store;

    public FileCheckpointStoreTests()
    {
        _store = new FileCheckpointStore(System.IO.Path.Combine(_folder.Path, "checkpoints"));
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task A_checkpoint_survives_a_new_store_instance_as_one_json_file_per_job()
    {
        var checkpoint = Make("durable", 1);
        await _store.TrySaveAsync(checkpoint, Ct);

        var reopened = new FileCheckpointStore(_store.Directory);

        (await reopened.LoadAsync("durable", Ct)).Should().Be(checkpoint);
        _store.GetPath("durable").Should().Be(System.IO.Path.Combine(_folder.Path, "checkpoints", "durable.json"));
        var json = await File.ReadAllTextAsync(_store.GetPath("durable"), Ct);
        json.Should().Contain("\"jobId\": \"durable\"").And.Contain("\"version\": 1").And.Contain("\"format\": 1");
    }

    [Fact]
    public async Task The_folder_is_created_on_first_save_and_no_temporary_file_is_left_behind()
    {
        Directory.Exists(_store.Directory).Should().BeFalse();

        for (var version = 1; version <= 5; version++)
        {
            await _store.TrySaveAsync(Make("tidy", version), Ct);
        }

        Directory.GetFiles(_store.Directory).Select(System.IO.Path.GetFileName).Should().BeEquivalentTo("tidy.json", "tidy.lock");
    }

    [Fact]
    public async Task Loading_listing_and_deleting_in_a_missing_folder_find_nothing()
    {
        (await _store.LoadAsync("none", Ct)).Should().BeNull();
        (await _store.ListAsync(null, Ct)).Should().BeEmpty();
        (await _store.DeleteAsync("none", Ct)).Should().BeFalse();
        Directory.Exists(_store.Directory).Should().BeFalse("reading creates nothing");
    }

    [Fact]
    public async Task List_ignores_files_that_are_not_checkpoints()
    {
        await _store.TrySaveAsync(Make("real", 1), Ct);
        await File.WriteAllTextAsync(System.IO.Path.Combine(_store.Directory, "notes.txt"), "hello", Ct);
        await File.WriteAllTextAsync(System.IO.Path.Combine(_store.Directory, "real.json.0123.tmp"), "{", Ct);
        await File.WriteAllTextAsync(System.IO.Path.Combine(_store.Directory, "-bad name.json"), "{", Ct);

        (await _store.ListAsync(null, Ct)).Should().ContainSingle().Which.JobId.Should().Be("real");
    }

    [Fact]
    public void It_describes_itself_with_its_folder()
    {
        _store.ToString().Should().Contain(_store.Directory);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("bad\0folder")]
    public void An_invalid_folder_is_rejected_naming_the_option(string directory)
    {
        var act = () => new FileCheckpointStore(directory);

        act.Should().Throw<ArgumentException>().WithMessage("*FileCheckpointStoreOptions.Directory*");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(3_601)]
    public void An_invalid_lock_timeout_is_rejected_naming_the_option(int seconds)
    {
        var act = () => new FileCheckpointStore(new FileCheckpointStoreOptions { Directory = _folder.Path, LockTimeout = TimeSpan.FromSeconds(seconds) });

        act.Should().Throw<ArgumentOutOfRangeException>().WithMessage("*FileCheckpointStoreOptions.LockTimeout*");
    }

    private static Checkpoint Make(string jobId, long version) =>
        new(jobId, $"\"cursor-{version}\"", version, version * 2, version * 20, false, At.AddMinutes(version));
}
