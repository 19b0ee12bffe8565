using ResumableJobs;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds ResumableJobs to a service collection.</summary>
public static class ResumableJobsServiceCollectionExtensions
{
    /// <summary>
    /// Adds ResumableJobs: choose a checkpoint store and register jobs on the returned builder. Jobs use the
    /// container's <see cref="TimeProvider"/> and <see cref="Microsoft.Extensions.Logging.ILoggerFactory"/> when registered.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configureDefaults">Sets the default options of every job (validated when each job is registered).</param>
    /// <returns>The builder.</returns>
    public static ResumableJobsBuilder AddResumableJobs(this IServiceCollection services, Action<ResumableJobOptions>? configureDefaults = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        if (configureDefaults is not null)
        {
            var probe = new ResumableJobOptions();
            configureDefaults(probe);
            probe.Validate();
        }

        return new ResumableJobsBuilder(services, configureDefaults);
    }
}
