namespace ResumableJobs;

/// <summary>Options of <see cref="FileCheckpointStore"/>.</summary>
public sealed class FileCheckpointStoreOptions
{
    /// <summary>The folder that holds one file per job (<c>&lt;jobId&gt;.json</c>); created on first save.</summary>
    public string Directory { get; set; } = string.Empty;

    /// <summary>How long a save waits for another process that holds the same job's lock before failing with a
    /// transient "busy" error (which the engine retries). Default 30 s.</summary>
    public TimeSpan LockTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The clock of the lock wait (<see cref="LockTimeout"/> and the pauses between tries). Default <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>Throws when the options are invalid; the message names the option.</summary>
    /// <exception cref="ArgumentException">An option is invalid.</exception>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(Directory))
        {
            throw new ArgumentException("FileCheckpointStoreOptions.Directory is required: the folder that holds the checkpoint files.", nameof(Directory));
        }

        if (Directory.IndexOfAny(Path.GetInvalidPathChars()) >= 0)
        {
            throw new ArgumentException($"FileCheckpointStoreOptions.Directory '{Directory}' contains characters that are not valid in a path.", nameof(Directory));
        }

        if (TimeProvider is null)
        {
            throw new ArgumentNullException(nameof(TimeProvider), "FileCheckpointStoreOptions.TimeProvider is required.");
        }

        if (LockTimeout <= TimeSpan.Zero || LockTimeout > TimeSpan.FromHours(1))
        {
            throw new ArgumentOutOfRangeException(nameof(LockTimeout), LockTimeout, "FileCheckpointStoreOptions.LockTimeout must be more than zero and at most one hour.");
        }
    }
}
