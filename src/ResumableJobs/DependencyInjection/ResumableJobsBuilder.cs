using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using ResumableJobs;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers checkpoint stores and jobs; returned by <see cref="ResumableJobsServiceCollectionExtensions.AddResumableJobs"/>.</summary>
public sealed class ResumableJobsBuilder
{
    private readonly Action<ResumableJobOptions>? _configureDefaults;

    internal ResumableJobsBuilder(IServiceCollection services, Action<ResumableJobOptions>? configureDefaults)
    {
        Services = services;
        _configureDefaults = configureDefaults;
    }

    /// <summary>The service collection, for registrations of your own.</summary>
    public IServiceCollection Services { get; }

    /// <summary>Uses <typeparamref name="TStore"/>, created by the container, as the checkpoint store (a singleton).</summary>
    /// <typeparam name="TStore">The store type.</typeparam>
    /// <returns>This builder.</returns>
    public ResumableJobsBuilder UseCheckpointStore<TStore>()
        where TStore : class, ICheckpointStore
    {
        Services.TryAddSingleton<TStore>();
        Services.Replace(ServiceDescriptor.Singleton<ICheckpointStore>(sp => sp.GetRequiredService<TStore>()));
        return this;
    }

    /// <summary>Uses the store that <paramref name="factory"/> creates as the checkpoint store (a singleton).</summary>
    /// <param name="factory">Creates the store.</param>
    /// <returns>This builder.</returns>
    public ResumableJobsBuilder UseCheckpointStore(Func<IServiceProvider, ICheckpointStore> factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        Services.Replace(ServiceDescriptor.Singleton(factory));
        return this;
    }

    /// <summary>Uses an <see cref="InMemoryCheckpointStore"/>: checkpoints last as long as the process.</summary>
    /// <returns>This builder.</returns>
    public ResumableJobsBuilder UseInMemoryCheckpointStore() => UseCheckpointStore(static _ => new InMemoryCheckpointStore());

    /// <summary>Uses a <see cref="FileCheckpointStore"/> in <paramref name="directory"/>.</summary>
    /// <param name="directory">The folder for the checkpoint files.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentException">The folder is not a valid path.</exception>
    public ResumableJobsBuilder UseFileCheckpointStore(string directory)
    {
        new FileCheckpointStoreOptions { Directory = directory }.Validate();
        return UseCheckpointStore(sp => new FileCheckpointStore(new FileCheckpointStoreOptions
        {
            Directory = directory,
            TimeProvider = sp.GetService<TimeProvider>() ?? TimeProvider.System,
        }));
    }

    /// <summary>
    /// Registers a job whose source and sink are created by the container (so they can take services of their own).
    /// Resolve it with <c>GetRequiredKeyedService&lt;ResumableJob&lt;TCursor&gt;&gt;(jobId)</c>; each resolution is a new instance.
    /// </summary>
    /// <typeparam name="TCursor">The cursor type.</typeparam>
    /// <typeparam name="TItem">The item type.</typeparam>
    /// <typeparam name="TSource">The page source type.</typeparam>
    /// <typeparam name="TSink">The sink type.</typeparam>
    /// <param name="jobId">The job id, also the service key.</param>
    /// <param name="startCursor">The cursor of the first page.</param>
    /// <param name="configure">Adjusts this job's options after the defaults given to AddResumableJobs.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentException">The job id or the options are invalid (checked here, at registration).</exception>
    public ResumableJobsBuilder AddJob<TCursor, TItem, TSource, TSink>(string jobId, TCursor startCursor, Action<ResumableJobOptions>? configure = null)
        where TSource : class, IPageSource<TCursor, TItem>
        where TSink : class, IIdempotentSink<TItem>
    {
        Services.TryAddTransient<TSource>();
        Services.TryAddTransient<TSink>();
        return AddJob<TCursor, TItem>(
            jobId,
            startCursor,
            static sp => sp.GetRequiredService<TSource>(),
            static sp => sp.GetRequiredService<TSink>(),
            configure);
    }

    /// <summary>Registers a job whose source and sink are created by factories. See the other overload.</summary>
    /// <typeparam name="TCursor">The cursor type.</typeparam>
    /// <typeparam name="TItem">The item type.</typeparam>
    /// <param name="jobId">The job id, also the service key.</param>
    /// <param name="startCursor">The cursor of the first page.</param>
    /// <param name="sourceFactory">Creates the page source.</param>
    /// <param name="sinkFactory">Creates the sink.</param>
    /// <param name="configure">Adjusts this job's options after the defaults given to AddResumableJobs.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentException">The job id or the options are invalid (checked here, at registration).</exception>
    public ResumableJobsBuilder AddJob<TCursor, TItem>(
        string jobId,
        TCursor startCursor,
        Func<IServiceProvider, IPageSource<TCursor, TItem>> sourceFactory,
        Func<IServiceProvider, IIdempotentSink<TItem>> sinkFactory,
        Action<ResumableJobOptions>? configure = null)
    {
        JobIds.Validate(jobId, nameof(jobId));
        if (startCursor is null)
        {
            throw new ArgumentNullException(nameof(startCursor), $"Job '{jobId}' needs a start cursor.");
        }

        ArgumentNullException.ThrowIfNull(sourceFactory);
        ArgumentNullException.ThrowIfNull(sinkFactory);

        // Two registrations of one id would share one checkpoint: the second would resume from the first one's cursor.
        if (Services.Any(d => d.IsKeyedService && Equals(d.ServiceKey, jobId)
            && d.ServiceType.IsGenericType && d.ServiceType.GetGenericTypeDefinition() == typeof(ResumableJob<>)))
        {
            throw new ArgumentException($"Job '{jobId}' is already registered; each job id names one checkpoint, so it can be registered only once.", nameof(jobId));
        }

        // Validate now, at start-up, rather than when the job is first resolved hours later.
        BuildOptions(null, configure).Validate();

        Services.AddKeyedTransient(jobId, (sp, _) =>
        {
            var store = sp.GetService<ICheckpointStore>()
                ?? throw new InvalidOperationException($"Job '{jobId}' needs a checkpoint store: call AddSqliteCheckpointStore (package ResumableJobs.Sqlite), UseFileCheckpointStore, UseInMemoryCheckpointStore or UseCheckpointStore on the builder that AddResumableJobs(...) returns.");
            return ResumableJob.Create(
                jobId,
                sourceFactory(sp),
                sinkFactory(sp),
                store,
                startCursor,
                BuildOptions(sp, configure),
                sp.GetService<ICursorSerializer<TCursor>>());
        });
        return this;

        ResumableJobOptions BuildOptions(IServiceProvider? sp, Action<ResumableJobOptions>? configureJob)
        {
            var options = new ResumableJobOptions();
            if (sp is not null)
            {
                options.TimeProvider = sp.GetService<TimeProvider>() ?? TimeProvider.System;
                if (sp.GetService<ILoggerFactory>() is { } loggerFactory)
                {
                    options.LoggerFactory = loggerFactory;
                }
            }

            _configureDefaults?.Invoke(options);
            configureJob?.Invoke(options);
            return options;
        }
    }
}
