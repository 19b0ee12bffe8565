using System.Diagnostics;
using System.Globalization;

namespace ResumableJobs.Stores.Benchmarks;

/// <summary>
/// The same comparisons as the BenchmarkDotNet classes, measured in alternating blocks (store, raw, raw, store, ...)
/// so that both sides see the same disk and CPU load. On a shared, noisy machine BenchmarkDotNet's one-method-
/// after-the-other runs can differ by more than the effect measured; the median of per-round ratios does not.
/// </summary>
internal static class PairedComparison
{
    public static async Task RunAsync(int rounds, int operationsPerBlock)
    {
        Console.WriteLine($"Paired comparison: {rounds} rounds of {operationsPerBlock} saves per side, alternating order; {Environment.ProcessorCount} cores, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC.");
        Console.WriteLine("| comparison | store µs/save (median) | raw µs/save (median) | store saves/s | raw saves/s | ratio store/raw (median, IQR) |");
        Console.WriteLine("| --- | ---: | ---: | ---: | ---: | --- |");

        foreach (var durability in new[] { SqliteDurability.Full, SqliteDurability.Normal })
        {
            var sqlite = new SqliteSaveBenchmarks { Durability = durability };
            sqlite.Setup();
            try
            {
                await CompareAsync($"SqliteCheckpointStore vs raw upsert, {durability}", async () => await sqlite.StoreSave(), () => { sqlite.RawUpsert(); return Task.CompletedTask; }, rounds, operationsPerBlock);
            }
            finally
            {
                sqlite.Cleanup();
            }
        }

        var file = new FileSaveBenchmarks();
        file.Setup();
        try
        {
            await CompareAsync("FileCheckpointStore vs raw write-flush-rename", async () => await file.StoreSave(), () => { file.RawWriteFlushRename(); return Task.CompletedTask; }, rounds, operationsPerBlock);
        }
        finally
        {
            file.Cleanup();
        }
    }

    private static async Task CompareAsync(string name, Func<Task> store, Func<Task> raw, int rounds, int operationsPerBlock)
    {
        await TimeBlockAsync(store, operationsPerBlock);
        await TimeBlockAsync(raw, operationsPerBlock);
        var storeTimes = new List<double>();
        var rawTimes = new List<double>();
        var ratios = new List<double>();
        for (var round = 0; round < rounds; round++)
        {
            double storeTime, rawTime;
            if (round % 2 == 0)
            {
                storeTime = await TimeBlockAsync(store, operationsPerBlock);
                rawTime = await TimeBlockAsync(raw, operationsPerBlock);
            }
            else
            {
                rawTime = await TimeBlockAsync(raw, operationsPerBlock);
                storeTime = await TimeBlockAsync(store, operationsPerBlock);
            }

            storeTimes.Add(storeTime);
            rawTimes.Add(rawTime);
            ratios.Add(storeTime / rawTime);
        }

        var storeMedian = Quantile(storeTimes, 0.5);
        var rawMedian = Quantile(rawTimes, 0.5);
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"| {name} | {storeMedian:F1} | {rawMedian:F1} | {1e6 / storeMedian:F0} | {1e6 / rawMedian:F0} | {Quantile(ratios, 0.5):F2} ({Quantile(ratios, 0.25):F2}–{Quantile(ratios, 0.75):F2}) |"));
    }

    /// <summary>Runs a block of operations and returns microseconds per operation.</summary>
    private static async Task<double> TimeBlockAsync(Func<Task> operation, int count)
    {
        var stopwatch = Stopwatch.StartNew();
        for (var i = 0; i < count; i++)
        {
            await operation();
        }

        return stopwatch.Elapsed.TotalMicroseconds / count;
    }

    private static double Quantile(List<double> values, double q)
    {
        var sorted = values.Order().ToList();
        var position = (sorted.Count - 1) * q;
        var low = (int)Math.Floor(position);
        var high = (int)Math.Ceiling(position);
        return sorted[low] + ((sorted[high] - sorted[low]) * (position - low));
    }
}
