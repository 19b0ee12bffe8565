using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Reflection;

namespace ResumableJobs;

/// <summary>The engine's meter, instruments and activity source, shared by every job in the process.</summary>
internal static class JobTelemetry
{
    private static readonly string Version =
        typeof(JobTelemetry).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";

    public static readonly ActivitySource ActivitySource = new(ResumableJobsDiagnostics.ActivitySourceName, Version);

    public static readonly Meter Meter = new(ResumableJobsDiagnostics.MeterName, Version);

    public static readonly Counter<long> Pages = Meter.CreateCounter<long>("resumablejobs.pages", "{page}", "Pages applied and checkpointed.");

    public static readonly Counter<long> Items = Meter.CreateCounter<long>("resumablejobs.items", "{item}", "Items applied and checkpointed.");

    public static readonly Counter<long> Retries = Meter.CreateCounter<long>("resumablejobs.retries", "{retry}", "Retries of fetch, apply, save or load after a transient fault.");

    public static readonly Counter<long> Failures = Meter.CreateCounter<long>("resumablejobs.failures", "{run}", "Runs that ended in failure.");

    public static readonly Histogram<double> FetchDuration = Meter.CreateHistogram<double>("resumablejobs.fetch.duration", "s", "Duration of page fetches, retries included.");

    public static readonly Histogram<double> ApplyDuration = Meter.CreateHistogram<double>("resumablejobs.apply.duration", "s", "Duration of page applies, retries included.");

    public static readonly Histogram<double> SaveDuration = Meter.CreateHistogram<double>("resumablejobs.save.duration", "s", "Duration of checkpoint saves, retries included.");
}
