namespace ResumableJobs.Sqlite.Tests;

/// <summary>Invalid options fail at construction, with a message that names the option.</summary>
public sealed class SqliteCheckpointStoreOptionsTests
{
    public static TheoryData<string, SqliteCheckpointStoreOptions, string> InvalidOptions => new()
    {
        { "nothing set", new SqliteCheckpointStoreOptions(), "*needs Path (the database file) or ConnectionString*" },
        { "both set", new SqliteCheckpointStoreOptions { Path = "a.db", ConnectionString = "Data Source=b.db" }, "*not both*" },
        { "blank path", new SqliteCheckpointStoreOptions { Path = "   " }, "*needs Path*" },
        { "a folder path", new SqliteCheckpointStoreOptions { Path = "checkpoints/" }, "*names a folder*checkpoints.db*" },
        { "a NUL in the path", new SqliteCheckpointStoreOptions { Path = "a\0b.db" }, "*not valid in a path*" },
        { "zero busy timeout", new SqliteCheckpointStoreOptions { Path = "a.db", BusyTimeout = TimeSpan.Zero }, "*BusyTimeout must be more than zero*" },
        { "negative busy timeout", new SqliteCheckpointStoreOptions { Path = "a.db", BusyTimeout = TimeSpan.FromSeconds(-1) }, "*BusyTimeout*" },
        { "a busy timeout of two hours", new SqliteCheckpointStoreOptions { Path = "a.db", BusyTimeout = TimeSpan.FromHours(2) }, "*BusyTimeout*at most 01:00:00*" },
        { "an unknown durability", new SqliteCheckpointStoreOptions { Path = "a.db", Durability = (SqliteDurability)7 }, "*Durability must be Full or Normal*" },
        { "a broken connection string", new SqliteCheckpointStoreOptions { ConnectionString = "Data Source=a.db;Colour=blue" }, "*ConnectionString is not a valid SQLite connection string*" },
        { "a connection string without a file", new SqliteCheckpointStoreOptions { ConnectionString = "Mode=ReadWriteCreate" }, "*has no Data Source*" },
        { "an in-memory database", new SqliteCheckpointStoreOptions { ConnectionString = "Data Source=:memory:" }, "*in-memory database*InMemoryCheckpointStore*" },
        { "a shared in-memory database", new SqliteCheckpointStoreOptions { ConnectionString = "Data Source=shared;Mode=Memory;Cache=Shared" }, "*in-memory database*" },
    };

    [Theory]
    [MemberData(nameof(InvalidOptions))]
    public void Invalid_options_are_refused_at_construction(string what, SqliteCheckpointStoreOptions options, string message)
    {
        FluentActions.Invoking(() => new SqliteCheckpointStore(options)).Should().Throw<ArgumentException>(what).WithMessage(message);
        FluentActions.Invoking(options.Validate).Should().Throw<ArgumentException>(what);
    }

    [Fact]
    public void A_null_path_or_options_is_refused()
    {
        FluentActions.Invoking(() => new SqliteCheckpointStore((string)null!)).Should().Throw<ArgumentException>();
        FluentActions.Invoking(() => new SqliteCheckpointStore((SqliteCheckpointStoreOptions)null!)).Should().Throw<ArgumentNullException>();
    }

    [Fact]
    public async Task The_store_copies_its_options_so_later_changes_do_not_reach_it()
    {
        var options = new SqliteCheckpointStoreOptions { Path = Path.Combine(Path.GetTempPath(), "copied.db"), Durability = SqliteDurability.Normal };
        await using var store = new SqliteCheckpointStore(options);

        options.Durability = SqliteDurability.Full;
        options.Path = "elsewhere.db";

        store.Durability.Should().Be(SqliteDurability.Normal);
        store.DatabasePath.Should().Be(Path.Combine(Path.GetTempPath(), "copied.db"));
    }

    [Fact]
    public async Task A_connection_string_names_the_file_and_keeps_its_own_settings()
    {
        using var folder = new TempFolder("connection-string");
        var path = folder.File("from-connection-string.db");
        await using var store = new SqliteCheckpointStore(new SqliteCheckpointStoreOptions { ConnectionString = $"Data Source={path};Cache=Private;Pooling=True" });

        (await store.TrySaveAsync(new Checkpoint("job", "c", 1, 1, 1, false, DateTimeOffset.UnixEpoch), TestContext.Current.CancellationToken)).Should().BeTrue();

        store.DatabasePath.Should().Be(path);
        File.Exists(path).Should().BeTrue();
    }
}
