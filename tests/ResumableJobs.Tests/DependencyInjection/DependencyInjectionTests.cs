using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;
using ResumableJobs.Tests.Fakes;

namespace ResumableJobs.Tests.DependencyInjection;

/// <summary>An app registers a store and its own source and sink types (with dependencies of their own), then
/// resolves and runs the job by its id.</summary>
public sealed class DependencyInjectionTests : IDisposable
{
    private readonly TempDirectory _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task A_job_with_the_apps_own_source_and_sink_types_resolves_by_id_and_runs_on_the_file_store()
    {
        var services = new ServiceCollection();
        services.AddSingleton(new SimCatalog(Enumerable.Range(1, 25).Select(i => $"sim-{i:000}")));
        services.AddSingleton<InventoryTable>();
        services.AddResumableJobs(o => o.Retry.MaxRetryAttempts = 2)
            .UseFileCheckpointStore(_folder.Path)
            .AddJob<int, string, SimCatalogSource, InventorySink>("sim-sync", 0);
        await using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });

        var job = provider.GetRequiredKeyedService<ResumableJob<int>>("sim-sync");
        var result = await job.RunAsync(TestContext.Current.CancellationToken);

        result.Outcome.Should().Be(JobOutcome.Completed);
        result.TotalItems.Should().Be(25);
        provider.GetRequiredService<InventoryTable>().Rows.Should().HaveCount(25).And.ContainKey("sim-025");
        job.Store.Should().BeOfType<FileCheckpointStore>();
        File.Exists(Path.Combine(_folder.Path, "sim-sync.json")).Should().BeTrue();

        // A second process (a new container over the same folder) finds the job done.
        await using var restarted = BuildSecondContainer();
        var again = await restarted.GetRequiredKeyedService<ResumableJob<int>>("sim-sync").RunAsync(TestContext.Current.CancellationToken);
        again.Outcome.Should().Be(JobOutcome.AlreadyCompleted);
    }

    [Fact]
    public async Task A_TimeProvider_and_logging_registered_in_the_container_are_the_ones_the_job_uses()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2031, 2, 3, 4, 5, 6, TimeSpan.Zero));
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(clock);
        services.AddFakeLogging();
        services.AddSingleton(new SimCatalog(["a", "b", "c"]));
        services.AddSingleton<InventoryTable>();
        services.AddResumableJobs()
            .UseInMemoryCheckpointStore()
            .AddJob<int, string, SimCatalogSource, InventorySink>("clocked", 0);
        await using var provider = services.BuildServiceProvider();

        var job = provider.GetRequiredKeyedService<ResumableJob<int>>("clocked");
        await job.RunAsync(TestContext.Current.CancellationToken);

        var checkpoint = await job.GetCheckpointAsync(TestContext.Current.CancellationToken);
        checkpoint!.UpdatedAt.Should().Be(clock.GetUtcNow(), "the container's TimeProvider stamped the checkpoint");
        provider.GetFakeLogCollector().GetSnapshot().Should().Contain(r => r.Id.Id == JobLogEvents.RunCompleted && r.Message.Contains("clocked"));
        provider.GetRequiredKeyedService<ResumableJob<int>>("clocked").Store.Should().BeSameAs(job.Store, "the store is a singleton");
    }

    [Fact]
    public async Task A_cursor_serializer_registered_in_the_container_is_used()
    {
        var services = new ServiceCollection();
        services.AddSingleton<ICursorSerializer<int>, PrefixedIntSerializer>();
        services.AddSingleton(new SimCatalog(["a", "b", "c"]));
        services.AddSingleton<InventoryTable>();
        services.AddResumableJobs().UseInMemoryCheckpointStore().AddJob<int, string, SimCatalogSource, InventorySink>("custom-cursor", 0);
        await using var provider = services.BuildServiceProvider();

        var job = provider.GetRequiredKeyedService<ResumableJob<int>>("custom-cursor");
        await job.RunAsync(TestContext.Current.CancellationToken);

        (await job.GetCheckpointAsync(TestContext.Current.CancellationToken))!.Cursor.Should().Be("page:3", "the last page's watermark, 3 sims in");
    }

    [Fact]
    public void Invalid_options_fail_at_AddJob_naming_the_option()
    {
        var builder = new ServiceCollection().AddResumableJobs().UseInMemoryCheckpointStore();

        var act = () => builder.AddJob<int, string, SimCatalogSource, InventorySink>("bad", 0, o => o.CursorHistorySize = 0);

        act.Should().Throw<ArgumentOutOfRangeException>().WithMessage("*ResumableJobOptions.CursorHistorySize*");
    }

    [Fact]
    public void Invalid_defaults_fail_at_AddResumableJobs_and_at_AddJob_when_a_job_breaks_them()
    {
        FluentActions.Invoking(() => new ServiceCollection().AddResumableJobs(o => o.Retry.BaseDelay = TimeSpan.Zero))
            .Should().Throw<ArgumentOutOfRangeException>().WithMessage("*RetryOptions.BaseDelay*");

        var builder = new ServiceCollection().AddResumableJobs(o => o.Retry.MaxDelay = TimeSpan.FromSeconds(5)).UseInMemoryCheckpointStore();
        FluentActions.Invoking(() => builder.AddJob<int, string, SimCatalogSource, InventorySink>("bad", 0, o => o.Retry.BaseDelay = TimeSpan.FromSeconds(6)))
            .Should().Throw<ArgumentOutOfRangeException>().WithMessage("*RetryOptions.MaxDelay*");
    }

    [Fact]
    public void An_invalid_job_id_fails_at_AddJob()
    {
        var builder = new ServiceCollection().AddResumableJobs().UseInMemoryCheckpointStore();

        var act = () => builder.AddJob<int, string, SimCatalogSource, InventorySink>("../escape", 0);

        act.Should().Throw<ArgumentException>().WithParameterName("jobId");
    }

    [Fact]
    public void An_invalid_store_folder_fails_at_UseFileCheckpointStore()
    {
        var builder = new ServiceCollection().AddResumableJobs();

        var act = () => builder.UseFileCheckpointStore("  ");

        act.Should().Throw<ArgumentException>().WithMessage("*FileCheckpointStoreOptions.Directory*");
    }

    [Fact]
    public async Task Without_a_store_resolving_the_job_is_a_clear_error()
    {
        var services = new ServiceCollection();
        services.AddSingleton(new SimCatalog(["a"]));
        services.AddSingleton<InventoryTable>();
        services.AddResumableJobs().AddJob<int, string, SimCatalogSource, InventorySink>("storeless", 0);
        await using var provider = services.BuildServiceProvider();

        var act = () => provider.GetRequiredKeyedService<ResumableJob<int>>("storeless");

        act.Should().Throw<InvalidOperationException>().WithMessage("*'storeless'*checkpoint store*UseFileCheckpointStore*");
    }

    [Fact]
    public async Task Two_jobs_resolve_by_their_own_ids_with_their_own_options()
    {
        var services = new ServiceCollection();
        services.AddSingleton(new SimCatalog(["a", "b", "c"]));
        services.AddSingleton<InventoryTable>();
        services.AddResumableJobs(o => o.MaxConsecutiveEmptyPages = 0)
            .UseInMemoryCheckpointStore()
            .AddJob<int, string, SimCatalogSource, InventorySink>("first", 0)
            .AddJob<int, string>("second", 0, _ => new EmptyThenDoneSource(), sp => sp.GetRequiredService<InventorySink>(), o => o.MaxConsecutiveEmptyPages = 1);
        services.AddTransient<InventorySink>();
        await using var provider = services.BuildServiceProvider();

        var first = provider.GetRequiredKeyedService<ResumableJob<int>>("first");
        var second = provider.GetRequiredKeyedService<ResumableJob<int>>("second");

        first.JobId.Should().Be("first");
        second.JobId.Should().Be("second");
        (await second.RunAsync(TestContext.Current.CancellationToken)).Outcome.Should().Be(JobOutcome.Completed, "the job's own option allows one empty page");
    }

    private ServiceProvider BuildSecondContainer()
    {
        var services = new ServiceCollection();
        services.AddSingleton(new SimCatalog(Enumerable.Range(1, 25).Select(i => $"sim-{i:000}")));
        services.AddSingleton<InventoryTable>();
        services.AddResumableJobs().UseFileCheckpointStore(_folder.Path).AddJob<int, string, SimCatalogSource, InventorySink>("sim-sync", 0);
        return services.BuildServiceProvider();
    }

    /// <summary>An app's service that the source depends on.</summary>
    public sealed class SimCatalog(IEnumerable<string> sims)
    {
        public IReadOnlyList<string> Sims { get; } = sims.ToList();
    }

    /// <summary>An app's own page source, taking a constructor dependency: pages of 10 sims.</summary>
    public sealed class SimCatalogSource(SimCatalog catalog) : IPageSource<int, string>
    {
        public ValueTask<Page<int, string>> FetchPageAsync(int cursor, CancellationToken cancellationToken)
        {
            var items = catalog.Sims.Skip(cursor).Take(10).ToList();
            var next = cursor + items.Count;
            return ValueTask.FromResult(next < catalog.Sims.Count ? Page.More<int, string>(items, next) : Page.Last<int, string>(items, next));
        }
    }

    /// <summary>An app's service that the sink writes to.</summary>
    public sealed class InventoryTable
    {
        public System.Collections.Concurrent.ConcurrentDictionary<string, string> Rows { get; } = new();
    }

    /// <summary>An app's own idempotent sink, taking a constructor dependency.</summary>
    public sealed class InventorySink(InventoryTable table) : IIdempotentSink<string>
    {
        public ValueTask ApplyAsync(IReadOnlyList<string> items, PageContext context, CancellationToken cancellationToken)
        {
            foreach (var sim in items)
            {
                table.Rows[sim] = context.JobId;
            }

            return ValueTask.CompletedTask;
        }
    }

    private sealed class EmptyThenDoneSource : IPageSource<int, string>
    {
        public ValueTask<Page<int, string>> FetchPageAsync(int cursor, CancellationToken cancellationToken) =>
            ValueTask.FromResult(cursor == 0 ? Page.More<int, string>([], 1) : Page.Last<int, string>(["z"]));
    }

    private sealed class PrefixedIntSerializer : ICursorSerializer<int>
    {
        public string Serialize(int cursor) => $"page:{cursor.ToString(System.Globalization.CultureInfo.InvariantCulture)}";

        public int Deserialize(string text) => int.Parse(text.AsSpan("page:".Length), System.Globalization.CultureInfo.InvariantCulture);
    }
}
