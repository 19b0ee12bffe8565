using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using ResumableJobs.Testing;

namespace ResumableJobs.Sqlite.Tests;

public sealed class SqliteDependencyInjectionTests : IDisposable
{
    private readonly TempFolder _folder = new("di");

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task A_path_registers_one_SQLite_store_that_jobs_use_and_the_container_disposes()
    {
        var path = _folder.File("di.db");
        var source = new ChaosPageSource(seed: 4, itemCount: 30, pageSize: 10);
        var sink = new RecordingSink<ChaosItem>(i => i.Id);
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(new FakeTimeProvider());
        services.AddResumableJobs()
            .AddSqliteCheckpointStore(path)
            .AddJob<long, ChaosItem>("di-job", ChaosPageSource.StartCursor, _ => source, _ => sink);

        SqliteCheckpointStore store;
        await using (var provider = services.BuildServiceProvider())
        {
            store = provider.GetRequiredService<SqliteCheckpointStore>();
            provider.GetRequiredService<ICheckpointStore>().Should().BeSameAs(store);
            store.DatabasePath.Should().Be(path);
            store.Durability.Should().Be(SqliteDurability.Full);

            var job = provider.GetRequiredKeyedService<ResumableJob<long>>("di-job");
            var result = await job.RunAsync(Token);

            result.Outcome.Should().Be(JobOutcome.Completed);
            job.Store.Should().BeSameAs(store);
            sink.State.Should().BeEquivalentTo(source.ExpectedFinalState);
        }

        await FluentActions.Awaiting(async () => await store.LoadAsync("di-job", Token)).Should().ThrowAsync<ObjectDisposedException>("the container disposed the store");
        await using var reopened = new SqliteCheckpointStore(path);
        (await reopened.LoadAsync("di-job", Token))!.Completed.Should().BeTrue();
    }

    [Fact]
    public void A_connection_string_is_recognized_by_its_data_source()
    {
        var path = _folder.File("cs.db");
        var services = new ServiceCollection();
        services.AddResumableJobs().AddSqliteCheckpointStore($"Data Source={path};Mode=ReadWriteCreate");

        using var provider = services.BuildServiceProvider();

        provider.GetRequiredService<SqliteCheckpointStore>().DatabasePath.Should().Be(path);
    }

    [Fact]
    public void A_path_with_an_equals_sign_is_still_a_path()
    {
        var path = _folder.File("a=b.db");
        var services = new ServiceCollection();
        services.AddResumableJobs().AddSqliteCheckpointStore(path);

        using var provider = services.BuildServiceProvider();

        provider.GetRequiredService<SqliteCheckpointStore>().DatabasePath.Should().Be(path);
    }

    [Fact]
    public void The_options_overload_sets_durability_and_busy_timeout_and_the_last_registration_wins()
    {
        var services = new ServiceCollection();
        services.AddResumableJobs()
            .AddSqliteCheckpointStore(_folder.File("first.db"))
            .AddSqliteCheckpointStore(options =>
            {
                options.Path = _folder.File("second.db");
                options.Durability = SqliteDurability.Normal;
                options.BusyTimeout = TimeSpan.FromSeconds(5);
            });

        using var provider = services.BuildServiceProvider();

        var store = provider.GetRequiredService<SqliteCheckpointStore>();
        store.DatabasePath.Should().Be(_folder.File("second.db"));
        store.Durability.Should().Be(SqliteDurability.Normal);
        provider.GetRequiredService<ICheckpointStore>().Should().BeSameAs(store);
        services.Count(d => d.ServiceType == typeof(SqliteCheckpointStore)).Should().Be(1);
    }

    [Fact]
    public void Invalid_registrations_fail_at_once_naming_the_problem()
    {
        var builder = new ServiceCollection().AddResumableJobs();

        FluentActions.Invoking(() => builder.AddSqliteCheckpointStore(" ")).Should().Throw<ArgumentException>();
        FluentActions.Invoking(() => builder.AddSqliteCheckpointStore("Data Source=:memory:")).Should().Throw<ArgumentException>().WithMessage("*in-memory*");
        FluentActions.Invoking(() => builder.AddSqliteCheckpointStore(o => o.BusyTimeout = TimeSpan.Zero)).Should().Throw<ArgumentException>().WithMessage("*needs Path*");
        FluentActions.Invoking(() => builder.AddSqliteCheckpointStore(o => { o.Path = "x.db"; o.BusyTimeout = TimeSpan.Zero; })).Should().Throw<ArgumentException>().WithMessage("*BusyTimeout*");
        FluentActions.Invoking(() => builder.AddSqliteCheckpointStore((Action<SqliteCheckpointStoreOptions>)null!)).Should().Throw<ArgumentNullException>();
    }
}
