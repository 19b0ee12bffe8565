using System.Text;
using ResumableJobs.Tests.Fakes;
using Xunit.Sdk;

namespace ResumableJobs.Tests.Engine;

/// <summary>
/// Rules 1, 2 and 5 under fire: seeded schedules of transient and fatal faults at random points in fetch, apply and
/// save, with restarts until the job completes. Every schedule must end with every item exactly once at its latest
/// value, no page applied more often than the faults that struck between its apply and its save allow, and a stored
/// cursor that never moved backward. A failing schedule names its seed (rerun it with <see cref="RunScheduleAsync"/>).
/// </summary>
public sealed class RandomFaultScheduleTests
{
    private const int Schedules = 500;
    private const int MaxRuns = 100;

    private enum Point
    {
        BeforeFetch,
        AfterFetch,
        MidApply,
        AfterApply,
        BeforeSave,
        AfterSave,
    }

    [Fact]
    public async Task Five_hundred_seeded_fault_schedules_each_end_with_exactly_once_effect()
    {
        var totals = new ScheduleTotals();
        for (var seed = 1; seed <= Schedules; seed++)
        {
            await RunScheduleAsync(seed, totals);
        }

        // The schedules must really exercise every kind of fault, or the assertions above prove little.
        totals.Faults.Keys.Should().BeEquivalentTo(
            from point in Enum.GetValues<Point>() from fatal in new[] { true, false } select (point, fatal),
            "every point gets both transient and fatal faults across the schedules");
        totals.Restarts.Should().BeGreaterThan(Schedules, "fatal faults force restarts");
        totals.ReplayedPages.Should().BeGreaterThan(0, "some schedules crash between apply and save");
        totals.ExhaustedRetries.Should().BeGreaterThan(0, "some schedules exhaust the retries of an operation");
    }

    private static async Task RunScheduleAsync(int seed, ScheduleTotals totals)
    {
        var schedule = new FaultSchedule(seed);
        try
        {
            await schedule.RunAsync(totals);
        }
        catch (Exception ex)
        {
            throw new XunitException($"Fault schedule with seed {seed} failed: {ex.Message}{Environment.NewLine}{schedule.Describe()}", ex);
        }
    }

    private sealed class ScheduleTotals
    {
        public Dictionary<(Point Point, bool Fatal), int> Faults { get; } = new();

        public int Restarts { get; set; }

        public int ReplayedPages { get; set; }

        public int ExhaustedRetries { get; set; }
    }

    private sealed record Fault(int Run, Point Point, bool Fatal, long Page, Exception Error);

    private sealed class FaultSchedule
    {
        private const double Probability = 0.07;
        private readonly int _seed;
        private readonly Random _random;
        private readonly List<Fault> _faults = new();
        private readonly List<JobRunResult> _results = new();
        private readonly JobHarness _harness;
        private int _budget;
        private int _run;

        public FaultSchedule(int seed)
        {
            _seed = seed;
            _random = new Random(seed);
            _budget = _random.Next(1, 13);
            var sizes = Enumerable.Range(0, 10).Select(_ => _random.Next(0, 4) == 0 ? 0 : _random.Next(1, 9)).ToArray();
            _harness = new JobHarness(FakePageSource.WithPageSizes(sizes), seed);
            _harness.Retry.MaxRetryAttempts = 2;
            _harness.Retry.MaxDelay = TimeSpan.FromSeconds(4);
            Wire();
        }

        public async Task RunAsync(ScheduleTotals totals)
        {
            var cancellationToken = TestContext.Current.CancellationToken;
            JobRunResult result;
            do
            {
                _run++;
                _run.Should().BeLessThanOrEqualTo(MaxRuns, "the job must complete once the fault budget is spent");
                _harness.Source.Generation = _run;
                result = await _harness.RunAsync(cancellationToken);
                _results.Add(result);
                if (!result.IsDone)
                {
                    result.Outcome.Should().Be(JobOutcome.Failed);
                    _faults.Select(f => f.Error).Should().Contain(result.Error!, "a run fails only with an injected fault, the last one it saw");
                }
            }
            while (!result.IsDone);

            Verify();

            foreach (var fault in _faults)
            {
                totals.Faults[(fault.Point, fault.Fatal)] = totals.Faults.GetValueOrDefault((fault.Point, fault.Fatal)) + 1;
            }

            totals.Restarts += _run - 1;
            totals.ReplayedPages += _harness.Sink.CompletedAppliesByPage.Values.Count(n => n > 1);
            totals.ExhaustedRetries += _results.Count(r => r.Error is TransientFaultException);
        }

        public string Describe()
        {
            var text = new StringBuilder();
            text.AppendLine(FormattableString.Invariant($"Seed {_seed}: pages of {string.Join(", ", _harness.Source.Pages.OrderBy(p => p.Cursor).Select(p => p.ItemIds.Count))} items; {_run} runs."));
            foreach (var fault in _faults)
            {
                text.AppendLine(FormattableString.Invariant($"  run {fault.Run}: {(fault.Fatal ? "fatal" : "transient")} {fault.Point} at page {fault.Page}"));
            }

            foreach (var result in _results)
            {
                text.AppendLine(FormattableString.Invariant($"  {result}"));
            }

            return text.ToString();
        }

        private void Verify()
        {
            var source = _harness.Source;
            var sink = _harness.Sink;

            var rows = sink.Rows;
            rows.Keys.Should().BeEquivalentTo(source.ItemIds, "every source item lands exactly once");
            var latest = source.LatestFetchedValues();
            foreach (var row in rows.Values)
            {
                row.Value.Should().Be(latest[row.Id], "item {0} holds the value of its latest fetch", row.Id);
            }

            sink.ContractViolations.Should().BeEmpty();

            foreach (var page in source.Pages.Where(p => p.ItemIds.Count > 0))
            {
                var pageNumber = page.Cursor + 1;
                var windowFaults = _faults.Count(f => f.Page == pageNumber && f.Point is Point.AfterApply or Point.BeforeSave);
                var applies = sink.CompletedAppliesOf(pageNumber);
                applies.Should().BeGreaterThanOrEqualTo(1, "page {0} was applied", pageNumber);
                applies.Should().BeLessThanOrEqualTo(1 + windowFaults, "page {0} is applied again only after a fault between its apply and its save", pageNumber);
                if (windowFaults <= 1)
                {
                    applies.Should().BeLessThanOrEqualTo(2, "one crash replays page {0} at most once", pageNumber);
                }
            }

            var saved = _harness.Store.SavedCheckpoints;
            saved.Should().HaveCount(source.Pages.Count, "each page's checkpoint lands once");
            CheckpointLog.ShouldMoveOnlyForward(saved);
            saved[^1].Completed.Should().BeTrue();
            saved[^1].ItemsDone.Should().Be(source.ItemIds.Count);
            var expectedItems = 0L;
            foreach (var (checkpoint, page) in saved.Zip(source.Pages.OrderBy(p => p.Cursor)))
            {
                expectedItems += page.ItemIds.Count;
                checkpoint.ItemsDone.Should().Be(expectedItems, "the totals of page {0} are exact", checkpoint.PagesDone);
            }

            _results[^1].TotalItems.Should().Be(source.ItemIds.Count);
        }

        private void Wire()
        {
            _harness.Source.BeforeFetch = call => Maybe(Point.BeforeFetch, call.Cursor + 1);
            _harness.Source.AfterFetch = call => Maybe(Point.AfterFetch, call.Cursor + 1);
            _harness.Sink.ThrowOn = (_, context) => Maybe(Point.MidApply, context.PageNumber, Probability / 4);
            _harness.Sink.AfterApply = call => Maybe(Point.AfterApply, call.Context.PageNumber);
            _harness.Store.BeforeSave = checkpoint => Maybe(Point.BeforeSave, checkpoint.PagesDone);
            _harness.Store.AfterSave = checkpoint => Maybe(Point.AfterSave, checkpoint.PagesDone);
        }

        private Exception? Maybe(Point point, long page, double probability = Probability)
        {
            if (_budget == 0 || _random.NextDouble() >= probability)
            {
                return null;
            }

            _budget--;
            var fatal = _random.Next(3) == 0;
            var where = FormattableString.Invariant($"{point} page {page} run {_run}");
            Exception error = fatal ? InjectedFault.Fatal(where) : InjectedFault.Transient(where);
            _faults.Add(new Fault(_run, point, fatal, page, error));
            return error;
        }
    }
}
