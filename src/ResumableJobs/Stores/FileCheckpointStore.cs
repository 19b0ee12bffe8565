using System.Collections.Concurrent;
using System.Text.Json;

namespace ResumableJobs;

/// <summary>
/// A durable checkpoint store with one JSON file per job in a folder. A save writes a temporary file, flushes it
/// to disk, and atomically renames it over the old file, so a crash leaves the old checkpoint or the new one,
/// never a torn one. Saves of one job are serialized by a lock file (<c>&lt;jobId&gt;.lock</c>, across processes)
/// and conditional on the version, so a slower writer can never publish an older checkpoint over a newer one.
/// An unreadable file is an error naming the file and the job, never "no checkpoint".
/// </summary>
public sealed class FileCheckpointStore : ICheckpointStore
{
    private const string CheckpointExtension = ".json";
    private const string LockExtension = ".lock";
    private const string TempExtension = ".tmp";

    private readonly string _directory;
    private readonly TimeSpan _lockTimeout;
    private readonly TimeProvider _timeProvider;
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _jobGates = new(StringComparer.Ordinal);

    /// <summary>Creates a store in <paramref name="directory"/>.</summary>
    /// <param name="directory">The folder that holds the checkpoint files; created on first save.</param>
    public FileCheckpointStore(string directory)
        : this(new FileCheckpointStoreOptions { Directory = directory })
    {
    }

    /// <summary>Creates a store with options.</summary>
    /// <param name="options">The options; validated here.</param>
    public FileCheckpointStore(FileCheckpointStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _directory = Path.GetFullPath(options.Directory);
        _lockTimeout = options.LockTimeout;
        _timeProvider = options.TimeProvider;
    }

    /// <summary>The full path of the folder.</summary>
    public string Directory => _directory;

    /// <summary>The path of a job's checkpoint file.</summary>
    /// <param name="jobId">The job id.</param>
    /// <returns>The path.</returns>
    public string GetPath(string jobId)
    {
        JobIds.Validate(jobId);
        return Path.Combine(_directory, jobId + CheckpointExtension);
    }

    /// <inheritdoc />
    public async ValueTask<Checkpoint?> LoadAsync(string jobId, CancellationToken cancellationToken)
    {
        var path = GetPath(jobId);
        return await ReadAsync(jobId, path, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask<bool> TrySaveAsync(Checkpoint checkpoint, CancellationToken cancellationToken)
    {
        CheckpointValidation.ValidateForSave(checkpoint);
        var path = GetPath(checkpoint.JobId);
        cancellationToken.ThrowIfCancellationRequested();
        System.IO.Directory.CreateDirectory(_directory);
        var gate = _jobGates.GetOrAdd(checkpoint.JobId, static _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            using var fileLock = await AcquireFileLockAsync(checkpoint.JobId, cancellationToken).ConfigureAwait(false);
            var stored = await ReadAsync(checkpoint.JobId, path, cancellationToken).ConfigureAwait(false);
            if ((stored?.Version ?? 0) != checkpoint.Version - 1)
            {
                return false;
            }

            var document = new FileCheckpointDocument
            {
                Format = FileCheckpointDocument.CurrentFormat,
                JobId = checkpoint.JobId,
                Cursor = checkpoint.Cursor,
                Version = checkpoint.Version,
                PagesDone = checkpoint.PagesDone,
                ItemsDone = checkpoint.ItemsDone,
                Completed = checkpoint.Completed,
                UpdatedAt = checkpoint.UpdatedAt,
            };
            var bytes = JsonSerializer.SerializeToUtf8Bytes(document, FileCheckpointJsonContext.Default.FileCheckpointDocument);
            var temp = $"{path}.{Guid.NewGuid():N}{TempExtension}";
            try
            {
                await using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 4096, FileOptions.Asynchronous))
                {
                    await stream.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
                    // The data must be on disk before the rename makes it the checkpoint.
                    stream.Flush(flushToDisk: true);
                }

                // Past this point the save is not cancelled: the rename is atomic and instant.
                File.Move(temp, path, overwrite: true);
            }
            catch
            {
                TryDelete(temp);
                throw;
            }

            return true;
        }
        finally
        {
            gate.Release();
        }
    }

    /// <inheritdoc />
    public async ValueTask<bool> DeleteAsync(string jobId, CancellationToken cancellationToken)
    {
        var path = GetPath(jobId);
        cancellationToken.ThrowIfCancellationRequested();
        if (!System.IO.Directory.Exists(_directory))
        {
            return false;
        }

        var gate = _jobGates.GetOrAdd(jobId, static _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // The lock file stays: deleting it while another process waits for it would let two writers in.
            using var fileLock = await AcquireFileLockAsync(jobId, cancellationToken).ConfigureAwait(false);
            if (!File.Exists(path))
            {
                return false;
            }

            File.Delete(path);
            return true;
        }
        finally
        {
            gate.Release();
        }
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<Checkpoint>> ListAsync(string? jobIdPrefix, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var list = new List<Checkpoint>();
        if (!System.IO.Directory.Exists(_directory))
        {
            return list;
        }

        foreach (var path in System.IO.Directory.EnumerateFiles(_directory, "*" + CheckpointExtension))
        {
            var jobId = Path.GetFileNameWithoutExtension(path);
            if (!JobIds.IsValid(jobId) || (jobIdPrefix is not null && !jobId.StartsWith(jobIdPrefix, StringComparison.Ordinal)))
            {
                continue;
            }

            if (await ReadAsync(jobId, path, cancellationToken).ConfigureAwait(false) is { } checkpoint)
            {
                list.Add(checkpoint);
            }
        }

        list.Sort(static (a, b) => string.CompareOrdinal(a.JobId, b.JobId));
        return list;
    }

    /// <inheritdoc />
    public override string ToString() => $"the file checkpoint store in '{_directory}'";

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // A leftover temporary file is harmless: it is never read as a checkpoint.
        }
        catch (UnauthorizedAccessException)
        {
            // As above.
        }
    }

    private static async Task<Checkpoint?> ReadAsync(string jobId, string path, CancellationToken cancellationToken)
    {
        var where = $"the file '{path}'";
        byte[] bytes;
        try
        {
            bytes = await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            // A link whose target is gone (an unmounted volume) is a checkpoint that cannot be read, not "none".
            if (new FileInfo(path).LinkTarget is { } target)
            {
                throw new CheckpointCorruptException(jobId, where, $"it is a symbolic link to '{target}', which does not exist", ex);
            }

            return null;
        }
        catch (UnauthorizedAccessException ex) when (System.IO.Directory.Exists(path))
        {
            throw new CheckpointCorruptException(jobId, where, "it is a folder, not a file", ex);
        }

        if (bytes.Length == 0)
        {
            throw new CheckpointCorruptException(jobId, where, "the file is empty");
        }

        if (Array.TrueForAll(bytes, static b => b == 0))
        {
            throw new CheckpointCorruptException(jobId, where, $"the file holds only NUL bytes ({bytes.Length} of them), as a torn write can leave it");
        }

        FileCheckpointDocument? document;
        try
        {
            document = JsonSerializer.Deserialize(bytes, FileCheckpointJsonContext.Default.FileCheckpointDocument);
        }
        catch (JsonException ex)
        {
            throw new CheckpointCorruptException(jobId, where, $"it is not a valid checkpoint document ({ex.Message})", ex);
        }

        if (document is null)
        {
            throw new CheckpointCorruptException(jobId, where, "it holds JSON null instead of a checkpoint");
        }

        // System.Text.Json lets a required property be JSON null; a checkpoint without a job id or cursor is unusable.
        if (document.JobId is null || document.Cursor is null)
        {
            throw new CheckpointCorruptException(jobId, where, $"its {(document.JobId is null ? "jobId" : "cursor")} is null");
        }

        if (document.Format != FileCheckpointDocument.CurrentFormat)
        {
            throw new CheckpointCorruptException(jobId, where, $"its format {document.Format} is not one this version reads ({FileCheckpointDocument.CurrentFormat})");
        }

        if (!string.Equals(document.JobId, jobId, StringComparison.Ordinal))
        {
            throw new CheckpointCorruptException(jobId, where, $"it holds the checkpoint of job '{document.JobId}'");
        }

        if (document.Version < 1 || document.PagesDone < 0 || document.ItemsDone < 0)
        {
            throw new CheckpointCorruptException(jobId, where, $"its numbers are out of range (version {document.Version}, {document.PagesDone} pages, {document.ItemsDone} items)");
        }

        return new Checkpoint(document.JobId, document.Cursor, document.Version, document.PagesDone, document.ItemsDone, document.Completed, document.UpdatedAt);
    }

    private async Task<FileStream> AcquireFileLockAsync(string jobId, CancellationToken cancellationToken)
    {
        var lockPath = Path.Combine(_directory, jobId + LockExtension);
        var started = _timeProvider.GetTimestamp();
        var wait = TimeSpan.FromMilliseconds(1);
        while (true)
        {
            try
            {
                // FileShare.None takes an exclusive advisory lock (flock on Unix) that another process cannot share.
                return new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.None);
            }
            catch (IOException ex) when (ex is not FileNotFoundException and not DirectoryNotFoundException)
            {
                if (_timeProvider.GetElapsedTime(started) >= _lockTimeout)
                {
                    throw new TransientFaultException($"The checkpoint of job '{jobId}' is locked by another writer ('{lockPath}') for more than {_lockTimeout}.", null, ex);
                }

                await Task.Delay(wait, _timeProvider, cancellationToken).ConfigureAwait(false);
                wait = TimeSpan.FromTicks(Math.Min(wait.Ticks * 2, TimeSpan.FromMilliseconds(50).Ticks));
            }
        }
    }
}
