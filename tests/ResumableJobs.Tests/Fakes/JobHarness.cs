namespace ResumableJobs.Tests.Fakes;

/// <summary>
/// A job wired to the fakes: a source, a recording sink, a fault-injecting store over an in-memory store, a stepping
/// fake clock, a progress recorder, and retry options with a seeded randomizer (so delays are reproducible). Each
/// <see cref="RunAsync"/> creates a new job instance over the same state, as a restarted process would.
/// </summary>
public sealed class JobHarness
{
    public JobHarness(FakePageSource source, int seed = 1)
    {
        Source = source;
        var random = new Random(seed);
        Retry = new RetryOptions
        {
            MaxRetryAttempts = 3,
            BaseDelay = TimeSpan.FromSeconds(1),
            MaxDelay = TimeSpan.FromSeconds(10),
            Randomizer = random.NextDouble,
        };
    }

    public string JobId { get; init; } = $"job-{Guid.NewGuid():N}";

    public FakePageSource Source { get; }

    public RecordingSink Sink { get; init; } = new();

    public FaultInjectingCheckpointStore Store { get; init; } = new();

    public SteppingTimeProvider Clock { get; } = new();

    public RecordingProgress Progress { get; } = new();

    public RetryOptions Retry { get; }

    /// <summary>Adjusts the options of each job this harness creates.</summary>
    public Action<ResumableJobOptions>? Configure { get; set; }

    public ResumableJobOptions CreateOptions()
    {
        var options = new ResumableJobOptions { TimeProvider = Clock, Retry = Retry };
        Configure?.Invoke(options);
        return options;
    }

    /// <summary>Makes every fetch take <paramref name="duration"/> of fake time, so that timestamps and rates have known values.</summary>
    public void MakeEachFetchTake(TimeSpan duration) =>
        Source.DuringFetch = (_, _) =>
        {
            Clock.Advance(duration);
            return ValueTask.CompletedTask;
        };

    public ResumableJob<int> CreateJob(IPageSource<int, SourceItem>? source = null) =>
        ResumableJob.Create(JobId, source ?? Source, Sink, Store, 0, CreateOptions());

    /// <summary>Runs a new job instance to its end, letting every backoff delay elapse on the fake clock.</summary>
    public Task<JobRunResult> RunAsync(CancellationToken cancellationToken = default) =>
        Clock.DriveAsync(CreateJob().RunAsync(Progress, cancellationToken));

    public ValueTask<Checkpoint?> LoadCheckpointAsync() => Store.Inner.LoadAsync(JobId, CancellationToken.None);
}
