using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using ResumableJobs;
using ResumableJobs.Benchmarks.Shared;

// Runs the engine and its comparisons side by side in one process and prints ratios.
//   dotnet run -c Release --project benchmarks/ResumableJobs.Comparison            (full, about 2 minutes)
//   dotnet run -c Release --project benchmarks/ResumableJobs.Comparison -- --quick (about 20 seconds)
//   ... -- --profile [--hand]   a 15-second steady loop of the engine (or the hand-written loop) for a profiler
var quick = args.Contains("--quick");
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;

Console.WriteLine($"ResumableJobs comparison, {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC{(quick ? " (quick)" : string.Empty)}");
Console.WriteLine($"{RuntimeInformation.OSDescription}, {RuntimeInformation.ProcessArchitecture}, {Environment.ProcessorCount} cores, .NET {Environment.Version}, load average {LoadAverage()}");
Console.WriteLine();

if (args.Contains("--profile"))
{
    // A steady loop of the engine alone, for a profiler (perf with DOTNET_PerfMapEnabled=1).
    await Overhead.ProfileAsync(TimeSpan.FromSeconds(15), args.Contains("--hand"));
    return;
}

await Overhead.RunAsync(quick);
await Latency.RunAsync(quick);
await Memory.RunAsync(quick);

static string LoadAverage() =>
    File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

/// <summary>Engine vs hand-written loop, in-memory parts, no latency.</summary>
internal static class Overhead
{
    private static readonly JsonCursorSerializer<int> Serializer = new();

    public static async Task RunAsync(bool quick)
    {
        var pages = quick ? 5_000 : 20_000;
        var rounds = quick ? 9 : 31;
        var sink = new InMemoryWorkload.Sink();
        var cases = new (string Name, Func<int, Task> Run)[]
        {
            ("hand-written loop", n => InMemoryWorkload.RunHandWrittenAsync("cmp", new InMemoryWorkload.Source(n), sink, new InMemoryCheckpointStore(), Serializer, CancellationToken.None)),
            ("engine, defaults (retry on, prefetch 1)", n => Engine(n, sink, InMemoryWorkload.EngineOptions())),
            ("engine, retries off", n => Engine(n, sink, InMemoryWorkload.EngineOptions(retries: false))),
            ("engine, prefetch off", n => Engine(n, sink, InMemoryWorkload.EngineOptions(prefetch: 0))),
        };

        // Warm up (tiering, PGO), then interleave the cases round by round so that machine noise hits all alike.
        for (var i = 0; i < 3; i++)
        {
            foreach (var c in cases)
            {
                await c.Run(pages);
            }
        }

        // Wall time and this thread's CPU time: the machine is shared, and CPU time leaves out the slices that other
        // processes took (each run completes synchronously on this one thread, GC included).
        var times = cases.Select(_ => new List<double>()).ToArray();
        var cpuTimes = cases.Select(_ => new List<double>()).ToArray();
        for (var round = 0; round < rounds; round++)
        {
            for (var k = 0; k < cases.Length; k++)
            {
                var index = (k + round) % cases.Length;
                var cpuBefore = ThreadCpu.Nanoseconds();
                var started = Stopwatch.GetTimestamp();
                var run = cases[index].Run(pages);
                var cpuAfter = ThreadCpu.Nanoseconds();
                times[index].Add(Stopwatch.GetElapsedTime(started).TotalNanoseconds / pages);
                if (!run.IsCompleted)
                {
                    throw new InvalidOperationException("An in-memory run did not complete synchronously; its CPU time would be wrong.");
                }

                await run;
                cpuTimes[index].Add((double)(cpuAfter - cpuBefore) / pages);
            }
        }

        // Allocation per page: the difference between a run of 2n and a run of n pages, so per-run setup cancels out.
        var bytesPerPage = new double[cases.Length];
        for (var k = 0; k < cases.Length; k++)
        {
            var small = await AllocatedAsync(() => cases[k].Run(pages));
            var large = await AllocatedAsync(() => cases[k].Run(2 * pages));
            bytesPerPage[k] = (double)(large - small) / pages;
        }

        Console.WriteLine($"## Engine overhead: in-memory parts, no latency, {InMemoryWorkload.ItemsPerPage} items per page, {pages:N0} pages per run, {rounds} interleaved runs");
        Console.WriteLine();
        Console.WriteLine("| loop | wall ns/page (median) | ratio | CPU ns/page (median) | ratio | CPU ns/page (best) | ratio | bytes/page | own bytes/page |");
        Console.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        var baseMedian = Median(times[0]);
        var baseCpuMedian = Median(cpuTimes[0]);
        var baseCpuBest = cpuTimes[0].Min();
        for (var k = 0; k < cases.Length; k++)
        {
            Console.WriteLine($"| {cases[k].Name} | {Median(times[k]):F0} | {Median(times[k]) / baseMedian:F3}x | {Median(cpuTimes[k]):F0} | {Median(cpuTimes[k]) / baseCpuMedian:F3}x | {cpuTimes[k].Min():F0} | {cpuTimes[k].Min() / baseCpuBest:F3}x | {bytesPerPage[k]:F1} | {bytesPerPage[k] - bytesPerPage[0]:F1} |");
        }

        Console.WriteLine();
        Console.WriteLine("own bytes/page = the engine's allocation per page beyond the hand-written loop's (which allocates the page, the cursor text and the checkpoint).");
        Console.WriteLine();
    }

    public static async Task ProfileAsync(TimeSpan duration, bool hand)
    {
        var sink = new InMemoryWorkload.Sink();
        var started = Stopwatch.GetTimestamp();
        long pages = 0;
        var cpuBefore = ThreadCpu.Nanoseconds();
        while (Stopwatch.GetElapsedTime(started) < duration)
        {
            if (hand)
            {
                await InMemoryWorkload.RunHandWrittenAsync("cmp", new InMemoryWorkload.Source(20_000), sink, new InMemoryCheckpointStore(), Serializer, CancellationToken.None);
            }
            else
            {
                await Engine(20_000, sink, InMemoryWorkload.EngineOptions());
            }

            pages += 20_000;
        }

        Console.WriteLine($"{(hand ? "hand" : "engine")}: {(double)(ThreadCpu.Nanoseconds() - cpuBefore) / pages:F0} CPU ns/page over {pages:N0} pages");
    }

    private static async Task Engine(int pages, InMemoryWorkload.Sink sink, ResumableJobOptions options)
    {
        var result = await ResumableJob.Create("cmp", new InMemoryWorkload.Source(pages), sink, new InMemoryCheckpointStore(), 0, options, Serializer).RunAsync();
        if (result.Outcome != JobOutcome.Completed)
        {
            throw new InvalidOperationException(result.ToString());
        }
    }

    private static async Task<long> AllocatedAsync(Func<Task> run)
    {
        GC.Collect();
        var before = GC.GetTotalAllocatedBytes(precise: true);
        await run();
        return GC.GetTotalAllocatedBytes(precise: true) - before;
    }

    public static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }
}

/// <summary>This thread's CPU time, in nanoseconds (Linux CLOCK_THREAD_CPUTIME_ID); wall time where not available.</summary>
internal static class ThreadCpu
{
    private const int ClockThreadCpuTimeId = 3;

    public static long Nanoseconds()
    {
        if (OperatingSystem.IsLinux() && clock_gettime(ClockThreadCpuTimeId, out var time) == 0)
        {
            return (time.Seconds * 1_000_000_000L) + time.Nanoseconds;
        }

        return (long)Stopwatch.GetElapsedTime(0).TotalNanoseconds;
    }

    [DllImport("libc", SetLastError = false)]
    private static extern int clock_gettime(int clockId, out Timespec time);

    [StructLayout(LayoutKind.Sequential)]
    private struct Timespec
    {
        public long Seconds;
        public long Nanoseconds;
    }
}

/// <summary>Latency-bound pages (fetch 20 ms, apply 10 ms, save 2 ms): serial, prefetch, partitions.</summary>
internal static class Latency
{
    public static async Task RunAsync(bool quick)
    {
        var workload = LatencyWorkload.Default;
        var pages = quick ? 25 : 100;
        var rounds = quick ? 1 : 3;

        // Warm up timers and code paths.
        await workload.RunEngineAsync(5, 1, new LatencyWorkload.Meter(), CancellationToken.None);

        // Each run gets its own meter, so that a run is compared with the bound of its own parts' real durations.
        var cases = new (string Name, Func<LatencyWorkload.Meter, Task> Run)[]
        {
            ("serial loop by hand (fetch, then apply, then save)", meter => workload.RunSerialByHandAsync(pages, meter, CancellationToken.None)),
            ("engine, prefetch off", meter => workload.RunEngineAsync(pages, 0, meter, CancellationToken.None)),
            ("engine, prefetch 1 (default)", meter => workload.RunEngineAsync(pages, 1, meter, CancellationToken.None)),
        };
        var bestRuns = new (double MsPerPage, LatencyWorkload.Meter Meter)[cases.Length];
        for (var round = 0; round < rounds; round++)
        {
            for (var k = 0; k < cases.Length; k++)
            {
                var meter = new LatencyWorkload.Meter();
                var msPerPage = await TimePerPageAsync(pages, () => cases[k].Run(meter));
                if (round == 0 || msPerPage < bestRuns[k].MsPerPage)
                {
                    bestRuns[k] = (msPerPage, meter);
                }
            }
        }

        var nominalBound = Math.Max(workload.Fetch.TotalMilliseconds, workload.Apply.TotalMilliseconds + workload.Save.TotalMilliseconds);
        Console.WriteLine($"## Latency-bound job: fetch {workload.Fetch.TotalMilliseconds} ms, apply {workload.Apply.TotalMilliseconds} ms, save {workload.Save.TotalMilliseconds} ms per page (real timers), {pages} pages per run, best of {rounds}");
        Console.WriteLine();
        Console.WriteLine("Measured bound: max(fetch, apply + save) from the durations the parts really had in that run (timers overshoot).");
        Console.WriteLine("Whole-run bound: the same plus what no pipeline can overlap, the first fetch and the last apply + save.");
        Console.WriteLine("Ratios are throughput: bound time / measured time (1.0 is the bound).");
        Console.WriteLine();
        Console.WriteLine("| loop | ms/page | parts took (fetch / apply / save ms) | vs nominal bound (20 ms) | vs measured bound | vs whole-run bound |");
        Console.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: |");
        for (var k = 0; k < cases.Length; k++)
        {
            var (msPerPage, meter) = bestRuns[k];
            var measuredBound = Math.Max(meter.MeanFetchMs, meter.MeanApplyMs + meter.MeanSaveMs);
            var runBound = (meter.MeanFetchMs + ((pages - 1) * measuredBound) + meter.MeanApplyMs + meter.MeanSaveMs) / pages;
            Console.WriteLine($"| {cases[k].Name} | {msPerPage:F2} | {meter.MeanFetchMs:F2} / {meter.MeanApplyMs:F2} / {meter.MeanSaveMs:F2} | {nominalBound / msPerPage:F3}x | {measuredBound / msPerPage:F3}x | {runBound / msPerPage:F3}x |");
        }

        Console.WriteLine();

        Console.WriteLine($"## Partitions: each {pages} latency-bound pages with prefetch, all partitions at once (MaxParallelPartitions = partitions)");
        Console.WriteLine();
        Console.WriteLine("| partitions | wall time | pages/s | vs 1 partition |");
        Console.WriteLine("| ---: | ---: | ---: | ---: |");
        double? onePartition = null;
        foreach (var partitions in new[] { 1, 2, 4, 8 })
        {
            var best = double.MaxValue;
            for (var round = 0; round < rounds; round++)
            {
                var started = Stopwatch.GetTimestamp();
                var result = await workload.RunPartitionsAsync(partitions, pages, new LatencyWorkload.Meter(), CancellationToken.None);
                var elapsed = Stopwatch.GetElapsedTime(started).TotalSeconds;
                if (result.Outcome != JobOutcome.Completed)
                {
                    throw new InvalidOperationException(result.ToString());
                }

                best = Math.Min(best, elapsed);
            }

            var rate = partitions * pages / best;
            onePartition ??= rate;
            Console.WriteLine($"| {partitions} | {best * 1000:F0} ms | {rate:F1} | {rate / onePartition:F2}x |");
        }

        Console.WriteLine();
    }

    private static async Task<double> TimePerPageAsync(int pages, Func<Task> run)
    {
        var started = Stopwatch.GetTimestamp();
        await run();
        return Stopwatch.GetElapsedTime(started).TotalMilliseconds / pages;
    }
}

/// <summary>Live memory during a long job against a short one: it must not grow with the number of pages.</summary>
internal static class Memory
{
    public static async Task RunAsync(bool quick)
    {
        var longJob = quick ? 200_000 : 1_000_000;
        Console.WriteLine($"## Memory: a 1,000-page job against a {longJob:N0}-page job (engine defaults, in-memory parts)");
        Console.WriteLine();
        Console.WriteLine("| pages | peak live heap during the run | heap after | allocated per page | wall time |");
        Console.WriteLine("| ---: | ---: | ---: | ---: | ---: |");
        var small = await MeasureAsync(1_000);
        var large = await MeasureAsync(longJob);
        Console.WriteLine();
        Console.WriteLine($"Peak live heap, long job vs short job: {(double)large / small:F3}x (flat is 1.0).");
        Console.WriteLine();
    }

    private static async Task<long> MeasureAsync(int pages)
    {
        var sink = new InMemoryWorkload.Sink();
        var every = Math.Max(1, pages / 10);
        long peak = 0;
        sink.AfterPage = page =>
        {
            if (page % every == 0)
            {
                peak = Math.Max(peak, GC.GetTotalMemory(forceFullCollection: true));
            }
        };

        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var started = Stopwatch.GetTimestamp();
        var result = await ResumableJob.Create("memory", new InMemoryWorkload.Source(pages), sink, new InMemoryCheckpointStore(), 0, InMemoryWorkload.EngineOptions()).RunAsync();
        var elapsed = Stopwatch.GetElapsedTime(started);
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        if (result.Outcome != JobOutcome.Completed || result.TotalPages != pages)
        {
            throw new InvalidOperationException(result.ToString());
        }

        var after = GC.GetTotalMemory(forceFullCollection: true);
        Console.WriteLine($"| {pages:N0} | {peak / 1024.0:N0} KiB | {after / 1024.0:N0} KiB | {(double)allocated / pages:F0} B | {elapsed.TotalSeconds:F1} s |");
        return peak;
    }
}
