using System.Collections.Concurrent;
using Microsoft.Extensions.Time.Testing;

namespace ResumableJobs.Tests.Fakes;

/// <summary>
/// A <see cref="FakeTimeProvider"/> that tells a test when a timer is started (as every backoff delay starts one),
/// so the test advances the clock exactly when something waits on it, by exactly the time it waits: deterministic,
/// no wall-clock sleeping, no polling.
/// </summary>
public sealed class SteppingTimeProvider : FakeTimeProvider
{
    /// <summary>How long a test waits, in real time, for the run to do something before it is declared hung.</summary>
    public static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(30);

    private readonly SemaphoreSlim _timersStarted = new(0);
    private readonly ConcurrentQueue<TimeSpan> _pending = new();
    private readonly ConcurrentQueue<TimeSpan> _all = new();

    public SteppingTimeProvider()
        : base(new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero))
    {
    }

    /// <summary>The due times of every finite timer started so far (backoff delays), in order.</summary>
    public IReadOnlyList<TimeSpan> TimerDueTimes => _all.ToArray();

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = base.CreateTimer(callback, state, dueTime, period);
        if (dueTime != Timeout.InfiniteTimeSpan && dueTime > TimeSpan.Zero)
        {
            _all.Enqueue(dueTime);
            _pending.Enqueue(dueTime);
            _timersStarted.Release();
        }

        return timer;
    }

    /// <summary>Waits (in real time, bounded by <see cref="HangGuard"/>) until a timer is started, and returns its due time.</summary>
    public async Task<TimeSpan> NextTimerAsync(CancellationToken cancellationToken = default)
    {
        if (!await _timersStarted.WaitAsync(HangGuard, cancellationToken))
        {
            throw new TimeoutException($"No timer was started within {HangGuard} of real time; the code under test is stuck.");
        }

        _pending.TryDequeue(out var dueTime).Should().BeTrue("a started timer is queued before it is signalled");
        return dueTime;
    }

    /// <summary>
    /// Awaits <paramref name="run"/>, advancing the clock by each timer's due time as soon as the timer is started,
    /// so backoff delays elapse at once. Fails clearly (instead of hanging) when the run neither ends nor starts a
    /// timer within <see cref="HangGuard"/>, or starts more than <paramref name="maxAdvances"/> timers.
    /// </summary>
    public async Task<T> DriveAsync<T>(Task<T> run, int maxAdvances = 100_000)
    {
        using var stop = new CancellationTokenSource();
        var advances = 0;
        Task? lastWait = null;
        while (!run.IsCompleted)
        {
            var timerStarted = _timersStarted.WaitAsync(stop.Token);
            lastWait = timerStarted;
            var first = await Task.WhenAny(run, timerStarted).WaitAsync(HangGuard);
            if (first == run)
            {
                break;
            }

            lastWait = null;

            if (++advances > maxAdvances)
            {
                throw new InvalidOperationException($"The run started more than {maxAdvances} timers without ending.");
            }

            _pending.TryDequeue(out var dueTime).Should().BeTrue("a started timer is queued before it is signalled");
            Advance(dueTime);
        }

        await stop.CancelAsync();

        // A cancelled SemaphoreSlim wait can still take a signal released just after the cancellation (it leaves the
        // waiter list asynchronously). That signal belongs to a timer of whatever is driven next: give it back.
        if (lastWait is not null && await Task.WhenAny(lastWait) == lastWait && lastWait.IsCompletedSuccessfully)
        {
            _timersStarted.Release();
        }

        return await run;
    }
}
