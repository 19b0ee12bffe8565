using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using ResumableJobs.Tests.Fakes;

namespace ResumableJobs.Tests.Telemetry;

/// <summary>Metrics and spans named after the package, tagged with the job id, for OpenTelemetry users.</summary>
public sealed class TelemetryTests
{
    private sealed record Measurement(string Instrument, string? Unit, double Value, IReadOnlyDictionary<string, object?> Tags);

    [Fact]
    public async Task A_meter_listener_sees_pages_items_retries_failures_and_the_three_durations_tagged_with_the_job_id()
    {
        var measurements = new ConcurrentQueue<Measurement>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == ResumableJobsDiagnostics.MeterName)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags) =>
            measurements.Enqueue(new Measurement(instrument.Name, instrument.Unit, value, new Dictionary<string, object?>(tags.ToArray())));
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Record(instrument, value, tags));
        listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Record(instrument, value, tags));
        listener.Start();

        var good = new JobHarness(FakePageSource.Uniform(3, 10));
        good.Retry.Randomizer = () => 0.5;
        good.Source.BeforeFetch = call => call.Cursor == 1 && call.CallForCursor == 1 ? InjectedFault.Transient("blip") : null;
        var bad = new JobHarness(FakePageSource.Uniform(3, 10));
        bad.Source.BeforeFetch = _ => InjectedFault.Fatal("down");

        await good.RunAsync(TestContext.Current.CancellationToken);
        await bad.RunAsync(TestContext.Current.CancellationToken);
        listener.Dispose();

        List<Measurement> Of(JobHarness harness, string instrument) => measurements
            .Where(m => m.Instrument == instrument && Equals(m.Tags.GetValueOrDefault(ResumableJobsDiagnostics.JobIdTag), harness.JobId))
            .ToList();

        Of(good, "resumablejobs.pages").Select(m => m.Value).Should().Equal(1, 1, 1);
        Of(good, "resumablejobs.items").Select(m => m.Value).Should().Equal(10, 10, 10);
        Of(good, "resumablejobs.retries").Should().ContainSingle().Which.Tags[ResumableJobsDiagnostics.OperationTag].Should().Be("fetch");
        Of(good, "resumablejobs.failures").Should().BeEmpty();
        Of(bad, "resumablejobs.failures").Should().ContainSingle().Which.Value.Should().Be(1);
        Of(bad, "resumablejobs.pages").Should().BeEmpty();

        // Durations are in seconds of the injected clock: the retried fetch took exactly its 1.5 s backoff.
        Of(good, "resumablejobs.fetch.duration").Select(m => m.Value).Should().Equal(0, 1.5, 0);
        Of(good, "resumablejobs.apply.duration").Should().HaveCount(3);
        Of(good, "resumablejobs.save.duration").Should().HaveCount(3);
        measurements.Where(m => m.Instrument.EndsWith(".duration", StringComparison.Ordinal)).Should().OnlyContain(m => m.Unit == "s");
    }

    [Fact]
    public async Task An_activity_listener_sees_a_run_span_with_a_child_span_per_page()
    {
        var stopped = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == ResumableJobsDiagnostics.ActivitySourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = stopped.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);

        var good = new JobHarness(FakePageSource.Uniform(3, 10));
        var bad = new JobHarness(FakePageSource.Uniform(3, 10));
        bad.Source.BeforeFetch = call => call.Cursor == 1 ? InjectedFault.Fatal("down") : null;
        await good.RunAsync(TestContext.Current.CancellationToken);
        await bad.RunAsync(TestContext.Current.CancellationToken);

        List<Activity> Of(JobHarness harness) => stopped.Where(a => Equals(a.GetTagItem(ResumableJobsDiagnostics.JobIdTag), harness.JobId)).ToList();

        var spans = Of(good);
        var run = spans.Should().ContainSingle(a => a.OperationName == "ResumableJobs.Run").Subject;
        run.GetTagItem("resumablejobs.outcome").Should().Be("Completed");
        var pages = spans.Where(a => a.OperationName == "ResumableJobs.Page").ToList();
        pages.Should().HaveCount(3).And.OnlyContain(p => p.ParentSpanId == run.SpanId && p.TraceId == run.TraceId);
        pages.Select(p => p.GetTagItem("resumablejobs.page.number")).Should().Equal(1L, 2L, 3L);
        pages.Should().OnlyContain(p => Equals(p.GetTagItem("resumablejobs.page.items"), 10));

        var failedRun = Of(bad).Should().ContainSingle(a => a.OperationName == "ResumableJobs.Run").Subject;
        failedRun.Status.Should().Be(ActivityStatusCode.Error);
        failedRun.StatusDescription.Should().Contain("down");
        failedRun.GetTagItem("resumablejobs.outcome").Should().Be("Failed");
    }
}
