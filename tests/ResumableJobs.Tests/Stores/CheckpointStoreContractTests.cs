using ResumableJobs.Tests.Fakes;

namespace ResumableJobs.Tests.Stores;

/// <summary>The <see cref="ICheckpointStore"/> contract every store must keep: conditional saves by version (no
/// checkpoint counts as version 0), delete, ordered listing, and argument checks.</summary>
public abstract class CheckpointStoreContractTests
{
    private static readonly DateTimeOffset At = new(2030, 1, 2, 3, 4, 5, TimeSpan.Zero);

    protected abstract ICheckpointStore Store { get; }

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    protected static Checkpoint Make(string jobId, long version, string? cursor = null, bool completed = false) =>
        new(jobId, cursor ?? $"\"cursor-{version}\"", version, version * 2, version * 20, completed, At.AddMinutes(version));

    [Fact]
    public async Task A_job_without_a_checkpoint_loads_as_null()
    {
        (await Store.LoadAsync("never-saved", Ct)).Should().BeNull();
    }

    [Fact]
    public async Task A_saved_checkpoint_loads_back_equal()
    {
        var checkpoint = Make("round-trip", 1, "{\"token\":\"abc\",\"offset\":7}", completed: true);

        (await Store.TrySaveAsync(checkpoint, Ct)).Should().BeTrue();

        (await Store.LoadAsync("round-trip", Ct)).Should().Be(checkpoint);
    }

    [Fact]
    public async Task A_save_succeeds_only_over_the_version_before_it()
    {
        (await Store.TrySaveAsync(Make("versions", 2), Ct)).Should().BeFalse("no checkpoint counts as version 0");
        (await Store.TrySaveAsync(Make("versions", 1), Ct)).Should().BeTrue();
        (await Store.TrySaveAsync(Make("versions", 1, "\"other\""), Ct)).Should().BeFalse("version 1 is already stored");
        (await Store.TrySaveAsync(Make("versions", 3), Ct)).Should().BeFalse("version 2 is not stored");
        (await Store.TrySaveAsync(Make("versions", 2), Ct)).Should().BeTrue();

        (await Store.LoadAsync("versions", Ct)).Should().Be(Make("versions", 2), "refused saves wrote nothing");
    }

    [Fact]
    public async Task Of_many_concurrent_saves_of_the_same_version_exactly_one_wins()
    {
        await Store.TrySaveAsync(Make("race", 1), Ct);

        var results = await Task.WhenAll(Enumerable.Range(0, 16).Select(i =>
            Task.Run(async () => await Store.TrySaveAsync(Make("race", 2, $"\"writer-{i}\""), Ct), Ct)));

        results.Count(saved => saved).Should().Be(1);
        var stored = await Store.LoadAsync("race", Ct);
        stored!.Version.Should().Be(2);
        stored.Cursor.Should().Be($"\"writer-{Array.IndexOf(results, true)}\"");
    }

    [Fact]
    public async Task Delete_removes_a_checkpoint_so_the_job_starts_over_at_version_1()
    {
        await Store.TrySaveAsync(Make("deleted", 1), Ct);
        await Store.TrySaveAsync(Make("deleted", 2), Ct);

        (await Store.DeleteAsync("deleted", Ct)).Should().BeTrue();
        (await Store.DeleteAsync("deleted", Ct)).Should().BeFalse();
        (await Store.LoadAsync("deleted", Ct)).Should().BeNull();
        (await Store.TrySaveAsync(Make("deleted", 1), Ct)).Should().BeTrue();
    }

    [Fact]
    public async Task List_returns_checkpoints_ordered_by_job_id_optionally_by_prefix()
    {
        foreach (var id in new[] { "sync-b", "other", "sync-a", "sync-C", "Sync-d" })
        {
            await Store.TrySaveAsync(Make(id, 1), Ct);
        }

        (await Store.ListAsync(null, Ct)).Select(c => c.JobId).Should().Equal("Sync-d", "other", "sync-C", "sync-a", "sync-b");
        (await Store.ListAsync("sync-", Ct)).Select(c => c.JobId).Should().Equal("sync-C", "sync-a", "sync-b");
        (await Store.ListAsync("nothing", Ct)).Should().BeEmpty();
        (await Store.ListAsync("sync-a", Ct)).Should().ContainSingle().Which.Should().Be(Make("sync-a", 1));
    }

    public static TheoryData<string, Checkpoint> InvalidCheckpoints() => new()
    {
        { "version 0", new Checkpoint("job", "1", 0, 0, 0, false, At) },
        { "a negative version", new Checkpoint("job", "1", -1, 0, 0, false, At) },
        { "negative pages", new Checkpoint("job", "1", 1, -1, 0, false, At) },
        { "negative items", new Checkpoint("job", "1", 1, 0, -5, false, At) },
        { "a null cursor", new Checkpoint("job", null!, 1, 0, 0, false, At) },
        { "an invalid job id", new Checkpoint("../job", "1", 1, 0, 0, false, At) },
    };

    [Theory]
    [MemberData(nameof(InvalidCheckpoints))]
    public async Task An_invalid_checkpoint_is_rejected_with_a_clear_error_and_nothing_is_saved(string what, Checkpoint checkpoint)
    {
        var act = async () => await Store.TrySaveAsync(checkpoint, Ct);

        (await act.Should().ThrowAsync<ArgumentException>(what)).Which.ParamName.Should().Be("checkpoint");
        (await Store.ListAsync(null, Ct)).Should().BeEmpty();
    }

    [Fact]
    public async Task A_null_checkpoint_is_rejected()
    {
        var act = async () => await Store.TrySaveAsync(null!, Ct);

        await act.Should().ThrowAsync<ArgumentNullException>();
    }

    [Fact]
    public async Task A_cancelled_operation_throws_and_saves_nothing()
    {
        var cancelled = new CancellationToken(canceled: true);

        await Store.Invoking(async s => await s.TrySaveAsync(Make("cancelled", 1), cancelled)).Should().ThrowAsync<OperationCanceledException>();
        await Store.Invoking(async s => await s.LoadAsync("cancelled", cancelled)).Should().ThrowAsync<OperationCanceledException>();
        (await Store.LoadAsync("cancelled", Ct)).Should().BeNull();
    }
}

public sealed class InMemoryCheckpointStoreTests : CheckpointStoreContractTests
{
    protected override ICheckpointStore Store { get; } = new InMemoryCheckpointStore();

    [Fact]
    public void It_describes_itself()
    {
        Store.ToString().Should().Be("the in-memory checkpoint store");
    }
}

public sealed class FileCheckpointStoreTests : CheckpointStoreContractTests, IDisposable
{
    private readonly TempDirectory _folder = new();
    private readonly FileCheckpointStore _store;

    public FileCheckpointStoreTests()
    {
        _store = new FileCheckpointStore(System.IO.Path.Combine(_folder.Path, "checkpoints"));
    }

    protected override ICheckpointStore Store => _store;

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
}
