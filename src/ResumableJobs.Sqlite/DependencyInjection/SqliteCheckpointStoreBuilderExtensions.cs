using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection.Extensions;
using ResumableJobs;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers <see cref="SqliteCheckpointStore"/> as the checkpoint store of ResumableJobs.</summary>
public static class SqliteCheckpointStoreBuilderExtensions
{
    /// <summary>
    /// Uses a <see cref="SqliteCheckpointStore"/> (a singleton, disposed with the container), with full durability.
    /// </summary>
    /// <param name="builder">The builder from <c>AddResumableJobs</c>.</param>
    /// <param name="pathOrConnectionString">The database file, or a SQLite connection string (recognized by its
    /// <c>Data Source=</c>): anything that parses as a connection string with a data source is one, anything else
    /// is a path.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentException">The path or connection string is invalid (checked here, at registration).</exception>
    public static ResumableJobsBuilder AddSqliteCheckpointStore(this ResumableJobsBuilder builder, string pathOrConnectionString)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(pathOrConnectionString);
        return builder.AddSqliteCheckpointStore(options =>
        {
            if (IsConnectionString(pathOrConnectionString))
            {
                options.ConnectionString = pathOrConnectionString;
            }
            else
            {
                options.Path = pathOrConnectionString;
            }
        });
    }

    /// <summary>Uses a <see cref="SqliteCheckpointStore"/> configured by <paramref name="configure"/> (a singleton, disposed with the container).</summary>
    /// <param name="builder">The builder from <c>AddResumableJobs</c>.</param>
    /// <param name="configure">Sets the options: <see cref="SqliteCheckpointStoreOptions.Path"/> or
    /// <see cref="SqliteCheckpointStoreOptions.ConnectionString"/>, and optionally the busy timeout and durability.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentException">The options are invalid (checked here, at registration).</exception>
    public static ResumableJobsBuilder AddSqliteCheckpointStore(this ResumableJobsBuilder builder, Action<SqliteCheckpointStoreOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        var options = new SqliteCheckpointStoreOptions();
        configure(options);
        options.Validate();
        // Replace, not add: calling this twice must leave one store, the last one asked for.
        builder.Services.Replace(ServiceDescriptor.Singleton(_ => new SqliteCheckpointStore(options)));
        return builder.UseCheckpointStore(static sp => sp.GetRequiredService<SqliteCheckpointStore>());
    }

    private static bool IsConnectionString(string value)
    {
        if (!value.Contains('=', StringComparison.Ordinal))
        {
            return false;
        }

        try
        {
            return !string.IsNullOrWhiteSpace(new SqliteConnectionStringBuilder(value).DataSource);
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
