using System.Diagnostics;
using ResumableJobs;

namespace ResumableJobs.Benchmarks.Shared;

/// <summary>
/// Parts that wait like a network would (real <see cref="Task.Delay(TimeSpan, CancellationToken)"/>): fetch 20 ms,
/// apply 10 ms, save 2 ms per page by default. Each part measures how long it really waited, because timers
/// overshoot by about a millisecond, and the honest bound is built from what the parts took.
/// </summary>
public sealed class LatencyWorkload(TimeSpan fetch, TimeSpan apply, TimeSpan save)
{
    public static LatencyWorkload Default { get; } = new(TimeSpan.FromMilliseconds(20), TimeSpan.FromMilliseconds(10), TimeSpan.FromMilliseconds(2));

    public TimeSpan Fetch => fetch;

    public TimeSpan Apply => apply;

    public TimeSpan Save => save;

    public sealed class Meter
    {
        private long _fetchTicks, _applyTicks, _saveTicks, _fetches, _applies, _saves;

        public double MeanFetchMs => Mean(_fetchTicks, _fetches);

        public double MeanApplyMs => Mean(_applyTicks, _applies);

        public double MeanSaveMs => Mean(_saveTicks, _saves);

        internal void AddFetch(long ticks) { Interlocked.Add(ref _fetchTicks, ticks); Interlocked.Increment(ref _fetches); }

        internal void AddApply(long ticks) { Interlocked.Add(ref _applyTicks, ticks); Interlocked.Increment(ref _applies); }

        internal void AddSave(long ticks) { Interlocked.Add(ref _saveTicks, ticks); Interlocked.Increment(ref _saves); }

        private static double Mean(long ticks, long count) => count == 0 ? 0 : Stopwatch.GetElapsedTime(0, ticks).TotalMilliseconds / count;
    }

    public sealed class Source(LatencyWorkload workload, int pageCount, Meter meter) : IPageSource<int, int>
    {
        private static readonly int[] Items = Enumerable.Range(0, 100).ToArray();

        public async ValueTask<Page<int, int>> FetchPageAsync(int cursor, CancellationToken cancellationToken)
        {
            var started = Stopwatch.GetTimestamp();
            await Task.Delay(workload.Fetch, cancellationToken).ConfigureAwait(false);
            meter.AddFetch(Stopwatch.GetTimestamp() - started);
            return new Page<int, int>(Items, cursor + 1, cursor + 1 < pageCount);
        }
    }

    public sealed class Sink(LatencyWorkload workload, Meter meter) : IIdempotentSink<int>
    {
        public async ValueTask ApplyAsync(IReadOnlyList<int> items, PageContext context, CancellationToken cancellationToken)
        {
            var started = Stopwatch.GetTimestamp();
            await Task.Delay(workload.Apply, cancellationToken).ConfigureAwait(false);
            meter.AddApply(Stopwatch.GetTimestamp() - started);
        }
    }

    public sealed class Store(LatencyWorkload workload, Meter meter) : ICheckpointStore
    {
        private readonly InMemoryCheckpointStore _inner = new();

        public ValueTask<Checkpoint?> LoadAsync(string jobId, CancellationToken cancellationToken) => _inner.LoadAsync(jobId, cancellationToken);

        public async ValueTask<bool> TrySaveAsync(Checkpoint checkpoint, CancellationToken cancellationToken)
        {
            var started = Stopwatch.GetTimestamp();
            await Task.Delay(workload.Save, cancellationToken).ConfigureAwait(false);
            meter.AddSave(Stopwatch.GetTimestamp() - started);
            return await _inner.TrySaveAsync(checkpoint, cancellationToken).ConfigureAwait(false);
        }

        public ValueTask<bool> DeleteAsync(string jobId, CancellationToken cancellationToken) => _inner.DeleteAsync(jobId, cancellationToken);

        public ValueTask<IReadOnlyList<Checkpoint>> ListAsync(string? jobIdPrefix, CancellationToken cancellationToken) => _inner.ListAsync(jobIdPrefix, cancellationToken);
    }

    /// <summary>The seed's serial loop, by hand: fetch, then apply, then save.</summary>
    public async Task RunSerialByHandAsync(int pageCount, Meter meter, CancellationToken cancellationToken)
    {
        var source = new Source(this, pageCount, meter);
        var sink = new Sink(this, meter);
        var store = new Store(this, meter);
        var cursor = 0;
        for (long version = 1; ; version++)
        {
            var page = await source.FetchPageAsync(cursor, cancellationToken).ConfigureAwait(false);
            await sink.ApplyAsync(page.Items, new PageContext("hand", version, cursor.ToString(System.Globalization.CultureInfo.InvariantCulture)), cancellationToken).ConfigureAwait(false);
            await store.TrySaveAsync(new Checkpoint("hand", page.NextCursor.ToString(System.Globalization.CultureInfo.InvariantCulture), version, version, version * 100, !page.HasMore, DateTimeOffset.UtcNow), cancellationToken).ConfigureAwait(false);
            if (!page.HasMore)
            {
                return;
            }

            cursor = page.NextCursor;
        }
    }

    public Task<JobRunResult> RunEngineAsync(int pageCount, int prefetch, Meter meter, CancellationToken cancellationToken) =>
        ResumableJob.Create("latency", new Source(this, pageCount, meter), new Sink(this, meter), new Store(this, meter), 0, new ResumableJobOptions { PrefetchPages = prefetch })
            .RunAsync(cancellationToken);

    public Task<PartitionedRunResult> RunPartitionsAsync(int partitions, int pagesPerPartition, Meter meter, CancellationToken cancellationToken)
    {
        var store = new Store(this, meter);
        var parts = Enumerable.Range(1, partitions)
            .Select(i => new JobPartition<int, int>($"p{i}", new Source(this, pagesPerPartition, meter), new Sink(this, meter), 0));
        var options = new PartitionedJobOptions { MaxParallelPartitions = partitions };
        return PartitionedJob.Create("latency", parts, store, options).RunAsync(cancellationToken);
    }
}
