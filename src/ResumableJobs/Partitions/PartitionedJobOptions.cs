namespace ResumableJobs;

/// <summary>Options of a <see cref="PartitionedJob{TCursor}"/>. Validated when the job is created.</summary>
public sealed class PartitionedJobOptions
{
    /// <summary>
    /// How many partitions run at the same time. Default 4; from 1 to 1,024. Partitions beyond it wait for a free
    /// slot, in the order they were given.
    /// </summary>
    public int MaxParallelPartitions { get; set; } = 4;

    /// <summary>What a partition's failure does to the others. Default <see cref="PartitionFailureMode.ContinueOthers"/>.</summary>
    public PartitionFailureMode FailureMode { get; set; } = PartitionFailureMode.ContinueOthers;

    /// <summary>The options every partition runs with (retry, prefetch, checkpoint cadence, clock, logging).</summary>
    public ResumableJobOptions Job { get; set; } = new();

    /// <summary>Throws when the options are invalid; the message names the option.</summary>
    /// <exception cref="ArgumentException">An option is invalid.</exception>
    public void Validate()
    {
        if (MaxParallelPartitions is < 1 or > 1_024)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxParallelPartitions), MaxParallelPartitions, "PartitionedJobOptions.MaxParallelPartitions must be from 1 to 1,024.");
        }

        if (!Enum.IsDefined(FailureMode))
        {
            throw new ArgumentOutOfRangeException(nameof(FailureMode), FailureMode, "PartitionedJobOptions.FailureMode must be ContinueOthers or StopAll.");
        }

        if (Job is null)
        {
            throw new ArgumentNullException(nameof(Job), "PartitionedJobOptions.Job is required.");
        }

        Job.Validate();
    }

    /// <summary>A copy whose later changes do not affect this instance (<see cref="Job"/> is copied too).</summary>
    /// <returns>The copy.</returns>
    public PartitionedJobOptions Clone()
    {
        var copy = (PartitionedJobOptions)MemberwiseClone();
        copy.Job = Job.Clone();
        return copy;
    }
}
