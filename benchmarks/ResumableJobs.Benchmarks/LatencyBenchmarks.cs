using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using ResumableJobs.Benchmarks.Shared;

namespace ResumableJobs.Benchmarks;

/// <summary>
/// A latency-bound job (fetch 20 ms, apply 10 ms, save 2 ms per page, real timers): the serial loop, the engine with
/// prefetch, and partitions. Times are per page (OperationsPerInvoke); the bound is max(fetch, apply + save) = 20 ms.
/// </summary>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 5)]
public class LatencyBenchmarks
{
    private const int Pages = 25;
    private readonly LatencyWorkload.Meter _meter = new();

    [Benchmark(Baseline = true, OperationsPerInvoke = Pages, Description = "serial by hand")]
    public Task SerialByHand() => LatencyWorkload.Default.RunSerialByHandAsync(Pages, _meter, CancellationToken.None);

    [Benchmark(OperationsPerInvoke = Pages, Description = "engine, prefetch off")]
    public Task<JobRunResult> EngineSerial() => LatencyWorkload.Default.RunEngineAsync(Pages, 0, _meter, CancellationToken.None);

    [Benchmark(OperationsPerInvoke = Pages, Description = "engine, prefetch 1")]
    public Task<JobRunResult> EnginePrefetch() => LatencyWorkload.Default.RunEngineAsync(Pages, 1, _meter, CancellationToken.None);
}

/// <summary>
/// N partitions of 25 latency-bound pages each, all N running at once (engine with prefetch). One operation is the
/// whole run, so a flat time across N means throughput grows N-fold.
/// </summary>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 5)]
public class PartitionBenchmarks
{
    private const int PagesPerPartition = 25;
    private readonly LatencyWorkload.Meter _meter = new();

    [Params(1, 2, 4, 8)]
    public int Partitions { get; set; }

    [Benchmark(Description = "partitioned job, 25 pages per partition")]
    public Task<PartitionedRunResult> PartitionedJob() =>
        LatencyWorkload.Default.RunPartitionsAsync(Partitions, PagesPerPartition, _meter, CancellationToken.None);
}
