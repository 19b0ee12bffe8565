namespace ResumableJobs.Testing;

/// <summary>When <see cref="FaultyCheckpointStore"/> fails a save.</summary>
public enum SaveFaultTiming
{
    /// <summary>The save fails before it reaches the inner store: nothing is written.</summary>
    BeforeSave,

    /// <summary>The save fails after the inner store saved the checkpoint: the write landed but its
    /// acknowledgement was lost, as when a connection drops during a commit.</summary>
    AfterSave,
}
