using BenchmarkDotNet.Attributes;
using ResumableJobs.Benchmarks.Shared;

namespace ResumableJobs.Benchmarks;

/// <summary>
/// The engine against a hand-written fetch/apply/save loop over the same in-memory parts with no latency: what the
/// engine's own bookkeeping (retry pipeline, cycle detection, progress, telemetry, prefetch) costs per page.
/// Results are per page (OperationsPerInvoke).
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 5, iterationCount: 15)]
public class EngineOverheadBenchmarks
{
    private const int Pages = 2_000;
    private readonly JsonCursorSerializer<int> _serializer = new();
    private readonly InMemoryWorkload.Source _source = new(Pages);
    private readonly InMemoryWorkload.Sink _sink = new();
    private readonly ResumableJobOptions _defaults = InMemoryWorkload.EngineOptions();
    private readonly ResumableJobOptions _noRetries = InMemoryWorkload.EngineOptions(retries: false);
    private readonly ResumableJobOptions _noPrefetch = InMemoryWorkload.EngineOptions(prefetch: 0);

    [Benchmark(Baseline = true, OperationsPerInvoke = Pages, Description = "hand-written loop")]
    public Task<long> HandWritten() =>
        InMemoryWorkload.RunHandWrittenAsync("bench", _source, _sink, new InMemoryCheckpointStore(), _serializer, CancellationToken.None);

    [Benchmark(OperationsPerInvoke = Pages, Description = "engine, defaults (retry on, prefetch 1)")]
    public Task<JobRunResult> EngineDefaults() => RunEngine(_defaults);

    [Benchmark(OperationsPerInvoke = Pages, Description = "engine, retries off")]
    public Task<JobRunResult> EngineNoRetries() => RunEngine(_noRetries);

    [Benchmark(OperationsPerInvoke = Pages, Description = "engine, prefetch off")]
    public Task<JobRunResult> EngineNoPrefetch() => RunEngine(_noPrefetch);

    private Task<JobRunResult> RunEngine(ResumableJobOptions options) =>
        ResumableJob.Create("bench", _source, _sink, new InMemoryCheckpointStore(), 0, options, _serializer).RunAsync();
}
