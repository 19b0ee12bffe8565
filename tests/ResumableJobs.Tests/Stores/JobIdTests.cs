using ResumableJobs.Tests.Fakes;

namespace ResumableJobs.Tests.Stores;

/// <summary>Job ids are validated everywhere so that they can never escape the file store's folder.</summary>
public sealed class JobIdTests : IDisposable
{
    private readonly TempDirectory _folder = new();

    public static TheoryData<string> EscapingIds() => new()
    {
        "../x",
        "..",
        ".",
        "a/b",
        "a\\b",
        "/etc/passwd",
        "",
        new string('a', 201),
        ".hidden",
        "-flag",
        "a b",
        "a\0b",
        "jöb",
        "x:y",
    };

    public void Dispose() => _folder.Dispose();

    [Theory]
    [MemberData(nameof(EscapingIds))]
    public async Task An_id_that_could_escape_the_folder_is_rejected_everywhere_and_nothing_is_written(string jobId)
    {
        var store = new FileCheckpointStore(_folder.Combine("store"));
        var checkpoint = new Checkpoint(jobId, "1", 1, 1, 1, false, DateTimeOffset.UnixEpoch);
        var ct = TestContext.Current.CancellationToken;

        JobIds.IsValid(jobId).Should().BeFalse();
        FluentActions.Invoking(() => JobIds.Validate(jobId)).Should().Throw<ArgumentException>().WithMessage($"Invalid job id*");
        FluentActions.Invoking(() => store.GetPath(jobId)).Should().Throw<ArgumentException>();
        await FluentActions.Awaiting(async () => await store.LoadAsync(jobId, ct)).Should().ThrowAsync<ArgumentException>();
        await FluentActions.Awaiting(async () => await store.TrySaveAsync(checkpoint, ct)).Should().ThrowAsync<ArgumentException>();
        await FluentActions.Awaiting(async () => await store.DeleteAsync(jobId, ct)).Should().ThrowAsync<ArgumentException>();
        await FluentActions.Awaiting(async () => await new InMemoryCheckpointStore().TrySaveAsync(checkpoint, ct)).Should().ThrowAsync<ArgumentException>();
        FluentActions.Invoking(() => ResumableJob.Create(jobId, FakePageSource.Uniform(1, 1), new RecordingSink(), store, 0))
            .Should().Throw<ArgumentException>().WithParameterName("jobId");

        Directory.EnumerateFileSystemEntries(_folder.Path, "*", SearchOption.AllDirectories).Should().BeEmpty("nothing was written anywhere");
    }

    [Fact]
    public void A_null_id_is_rejected()
    {
        FluentActions.Invoking(() => JobIds.Validate(null)).Should().Throw<ArgumentNullException>();
        JobIds.IsValid(null).Should().BeFalse();
    }

    [Theory]
    [InlineData("a")]
    [InlineData("0")]
    [InlineData("sim-inventory_2030.01")]
    [InlineData("a..b")]
    public async Task Valid_ids_are_accepted_and_stay_inside_the_folder(string jobId)
    {
        var store = new FileCheckpointStore(_folder.Path);

        (await store.TrySaveAsync(new Checkpoint(jobId, "1", 1, 1, 1, false, DateTimeOffset.UnixEpoch), TestContext.Current.CancellationToken)).Should().BeTrue();

        System.IO.Path.GetDirectoryName(store.GetPath(jobId)).Should().Be(store.Directory);
        File.Exists(store.GetPath(jobId)).Should().BeTrue();
    }

    [Fact]
    public void The_longest_id_is_200_characters()
    {
        JobIds.IsValid(new string('a', JobIds.MaxLength)).Should().BeTrue();
        FluentActions.Invoking(() => JobIds.Validate(new string('a', 201))).Should().Throw<ArgumentException>().WithMessage("*201 characters*200*");
    }
}
