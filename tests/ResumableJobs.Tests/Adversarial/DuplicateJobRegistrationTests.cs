using Microsoft.Extensions.DependencyInjection;
using ResumableJobs.Tests.Fakes;

namespace ResumableJobs.Tests.Adversarial;

/// <summary>
/// Two registrations of one job id (a copy-paste slip, or two modules that pick the same name) would share one
/// checkpoint: the second job would resume from the first one's cursor, or skip as "already completed". The second
/// registration is refused at start-up, whatever its cursor type.
/// </summary>
public sealed class DuplicateJobRegistrationTests
{
    [Fact]
    public void The_same_job_id_registered_twice_is_refused_at_registration()
    {
        var builder = new ServiceCollection().AddResumableJobs().UseCheckpointStore<InMemoryCheckpointStore>();
        builder.AddJob<int, SourceItem>("twice", 0, _ => FakePageSource.Uniform(1, 1), _ => new RecordingSink());

        var again = () => builder.AddJob<int, SourceItem>("twice", 5, _ => FakePageSource.Uniform(1, 1), _ => new RecordingSink());
        var otherCursorType = () => builder.AddJob<string, SourceItem>("twice", "a", _ => new EmptyStringSource(), _ => new RecordingSink());

        again.Should().Throw<ArgumentException>().Which.Message.Should().Contain("'twice'").And.Contain("already registered");
        otherCursorType.Should().Throw<ArgumentException>().Which.Message.Should().Contain("'twice'");
    }

    [Fact]
    public void Different_job_ids_still_register_side_by_side()
    {
        var services = new ServiceCollection();
        services.AddResumableJobs().UseCheckpointStore<InMemoryCheckpointStore>()
            .AddJob<int, SourceItem>("one", 0, _ => FakePageSource.Uniform(1, 1), _ => new RecordingSink())
            .AddJob<int, SourceItem>("two", 0, _ => FakePageSource.Uniform(1, 1), _ => new RecordingSink());
        using var provider = services.BuildServiceProvider();

        provider.GetRequiredKeyedService<ResumableJob<int>>("one").JobId.Should().Be("one");
        provider.GetRequiredKeyedService<ResumableJob<int>>("two").JobId.Should().Be("two");
    }

    private sealed class EmptyStringSource : IPageSource<string, SourceItem>
    {
        public ValueTask<Page<string, SourceItem>> FetchPageAsync(string cursor, CancellationToken cancellationToken) =>
            ValueTask.FromResult(Page.Last<string, SourceItem>([]));
    }
}
