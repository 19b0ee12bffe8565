using BenchmarkDotNet.Attributes;
using ResumableJobs.Benchmarks.Shared;

namespace ResumableJobs.Benchmarks;

/// <summary>
/// A 1,000-page job against a 1,000,000-page job: allocation per page must not grow with the job's length (nothing
/// is kept per page). Retained memory is measured by the comparison program.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 1, iterationCount: 3)]
public class JobLengthBenchmarks
{
    private readonly JsonCursorSerializer<int> _serializer = new();

    [Params(1_000, 1_000_000)]
    public int Pages { get; set; }

    [Benchmark(Description = "engine, defaults")]
    public Task<JobRunResult> Engine() =>
        ResumableJob.Create("length", new InMemoryWorkload.Source(Pages), new InMemoryWorkload.Sink(), new InMemoryCheckpointStore(), 0, InMemoryWorkload.EngineOptions(), _serializer).RunAsync();
}
