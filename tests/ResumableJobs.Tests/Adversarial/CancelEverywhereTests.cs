using System.Collections.Concurrent;
using ResumableJobs.Tests.Fakes;

namespace ResumableJobs.Tests.Adversarial;

/// <summary>
/// A stop requested at every await point of a run (fetch, prefetch, apply, save, and a fault that leads into a
/// backoff), with prefetch on and a checkpoint every 3 pages, against a sink and a store that honour the token and
/// against ones that ignore it. Whatever the point: the run ends as cancelled, checkpoints only move forward, none
/// covers a page whose apply did not finish, no apply starts after the stop, and no fault is left unobserved.
/// </summary>
[Collection(nameof(UnobservedTaskExceptionCollection))]
public sealed class CancelEverywhereTests
{
    public enum Reaction
    {
        HonourToken,
        IgnoreToken,
        TransientFault,
    }

    public static TheoryData<int, Reaction> Points()
    {
        var data = new TheoryData<int, Reaction>();
        for (var call = 1; call <= 24; call++)
        {
            foreach (var reaction in Enum.GetValues<Reaction>())
            {
                data.Add(call, reaction);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Points))]
    public async Task A_stop_at_any_await_point_keeps_every_checkpoint_rule(int stopAtCall, Reaction reaction)
    {
        var ct = TestContext.Current.CancellationToken;
        var world = new World(pageCount: 12, stopAtCall, reaction);
        var clock = new SteppingTimeProvider();
        var job = ResumableJob.Create(
            "cancel-everywhere",
            world.Source,
            world.Sink,
            world.Store,
            0,
            new ResumableJobOptions
            {
                TimeProvider = clock,
                PrefetchPages = 1,
                CheckpointEveryPages = 3,
                Retry = { MaxRetryAttempts = 3, BaseDelay = TimeSpan.FromSeconds(1), MaxDelay = TimeSpan.FromSeconds(4) },
            });

        var result = await clock.DriveAsync(job.RunAsync(world.Stop.Token));

        world.Violations.Should().BeEmpty();
        result.Outcome.Should().Be(world.Stop.IsCancellationRequested ? JobOutcome.Cancelled : JobOutcome.Completed, result.Error?.ToString());
        var saved = world.Saved.ToArray();
        saved.Select(c => c.Version).Should().BeInAscendingOrder().And.OnlyHaveUniqueItems();
        saved.Select(c => c.PagesDone).Should().BeInAscendingOrder();
        var final = await world.Store.LoadAsync("cancel-everywhere", ct);
        (final?.PagesDone ?? 0).Should().BeLessThanOrEqualTo(world.CompletedApplies, "no checkpoint covers an unapplied page");
        if (reaction != Reaction.HonourToken && final is not null)
        {
            final.PagesDone.Should().Be(world.CompletedApplies, "every finished apply is checkpointed on the way out when saves are not cancelled");
        }

        await AssertNoUnobservedFaultsAsync(world.Marker);
    }

    internal static async Task AssertNoUnobservedFaultsAsync(string marker)
    {
        var unobserved = new ConcurrentBag<Exception>();
        void OnUnobserved(object? sender, UnobservedTaskExceptionEventArgs e)
        {
            if (e.Exception.ToString().Contains(marker, StringComparison.Ordinal))
            {
                unobserved.Add(e.Exception);
            }
        }

        TaskScheduler.UnobservedTaskException += OnUnobserved;
        try
        {
            for (var i = 0; i < 3; i++)
            {
                GC.Collect();
                GC.WaitForPendingFinalizers();
                await Task.Yield();
            }
        }
        finally
        {
            TaskScheduler.UnobservedTaskException -= OnUnobserved;
        }

        unobserved.Should().BeEmpty();
    }

    /// <summary>A source, sink and store that count every await point and request the stop at the chosen one.</summary>
    private sealed class World
    {
        private readonly int _pageCount;
        private readonly int _stopAtCall;
        private readonly Reaction _reaction;
        private int _calls;
        private int _completedApplies;

        public World(int pageCount, int stopAtCall, Reaction reaction)
        {
            _pageCount = pageCount;
            _stopAtCall = stopAtCall;
            _reaction = reaction;
            Source = new PointSource(this);
            Sink = new PointSink(this);
            Store = new PointStore(this);
        }

        public string Marker { get; } = $"AdversarialMarker{Guid.NewGuid():N}";

        public CancellationTokenSource Stop { get; } = new();

        public ConcurrentQueue<string> Violations { get; } = new();

        public ConcurrentQueue<Checkpoint> Saved { get; } = new();

        public int CompletedApplies => Volatile.Read(ref _completedApplies);

        public PointSource Source { get; }

        public PointSink Sink { get; }

        public PointStore Store { get; }

        /// <summary>Counts one await point; at the chosen one, requests the stop and reacts.</summary>
        private async ValueTask PointAsync(string what, CancellationToken token)
        {
            if (Interlocked.Increment(ref _calls) != _stopAtCall)
            {
                return;
            }

            await Stop.CancelAsync();
            await Task.Yield();
            switch (_reaction)
            {
                case Reaction.HonourToken:
                    token.ThrowIfCancellationRequested();

                    // A save in flight keeps going for the grace period (rule 6); every other operation must stop.
                    if (!what.StartsWith("save", StringComparison.Ordinal))
                    {
                        Violations.Enqueue($"{what}: the token passed in was not cancelled by the stop");
                    }

                    break;
                case Reaction.TransientFault:
                    throw new TransientFaultException($"{Marker} at {what}", null);
                case Reaction.IgnoreToken:
                    break;
            }
        }

        public sealed class PointSource(World world) : IPageSource<int, int>
        {
            public async ValueTask<Page<int, int>> FetchPageAsync(int cursor, CancellationToken cancellationToken)
            {
                await world.PointAsync($"fetch {cursor}", cancellationToken);
                var items = new[] { cursor * 10, (cursor * 10) + 1 };
                return cursor + 1 < world._pageCount ? Page.More<int, int>(items, cursor + 1) : Page.Last<int, int>(items);
            }
        }

        public sealed class PointSink(World world) : IIdempotentSink<int>
        {
            public async ValueTask ApplyAsync(IReadOnlyList<int> items, PageContext context, CancellationToken cancellationToken)
            {
                if (world.Stop.IsCancellationRequested)
                {
                    world.Violations.Enqueue($"apply of page {context.PageNumber} started after the stop");
                }

                await world.PointAsync($"apply {context.PageNumber}", cancellationToken);
                Interlocked.Increment(ref world._completedApplies);
            }
        }

        public sealed class PointStore(World world) : ICheckpointStore
        {
            private readonly InMemoryCheckpointStore _inner = new();

            public ValueTask<Checkpoint?> LoadAsync(string jobId, CancellationToken cancellationToken) => _inner.LoadAsync(jobId, cancellationToken);

            public async ValueTask<bool> TrySaveAsync(Checkpoint checkpoint, CancellationToken cancellationToken)
            {
                if (checkpoint.PagesDone > world.CompletedApplies)
                {
                    world.Violations.Enqueue($"checkpoint for {checkpoint.PagesDone} pages with only {world.CompletedApplies} applied");
                }

                await world.PointAsync($"save {checkpoint.Version}", cancellationToken);
                var saved = await _inner.TrySaveAsync(checkpoint, CancellationToken.None);
                if (saved)
                {
                    world.Saved.Enqueue(checkpoint);
                }

                return saved;
            }

            public ValueTask<bool> DeleteAsync(string jobId, CancellationToken cancellationToken) => _inner.DeleteAsync(jobId, cancellationToken);

            public ValueTask<IReadOnlyList<Checkpoint>> ListAsync(string? jobIdPrefix, CancellationToken cancellationToken) => _inner.ListAsync(jobIdPrefix, cancellationToken);
        }
    }
}

/// <summary>Tests that collect garbage to find unobserved task faults run alone.</summary>
[CollectionDefinition(nameof(UnobservedTaskExceptionCollection), DisableParallelization = true)]
public sealed class UnobservedTaskExceptionCollection;
