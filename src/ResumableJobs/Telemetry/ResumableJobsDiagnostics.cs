namespace ResumableJobs;

/// <summary>
/// The names under which the engine publishes telemetry, for OpenTelemetry's <c>AddMeter</c> and <c>AddSource</c>.
/// </summary>
public static class ResumableJobsDiagnostics
{
    /// <summary>The name of the <see cref="System.Diagnostics.Metrics.Meter"/> ("ResumableJobs").</summary>
    public const string MeterName = "ResumableJobs";

    /// <summary>The name of the <see cref="System.Diagnostics.ActivitySource"/> ("ResumableJobs").</summary>
    public const string ActivitySourceName = "ResumableJobs";

    /// <summary>The tag that carries the job id on every instrument and span.</summary>
    public const string JobIdTag = "resumablejobs.job.id";

    /// <summary>The tag that carries the operation ("fetch", "apply", "save", "load") on retries.</summary>
    public const string OperationTag = "resumablejobs.operation";
}
