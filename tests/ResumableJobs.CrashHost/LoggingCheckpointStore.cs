namespace ResumableJobs.CrashHost;

/// <summary>Logs every checkpoint save after the inner store accepted it, to the save log and to stdout.</summary>
internal sealed class LoggingCheckpointStore(ICheckpointStore inner, AppendOnlyLog saveLog) : ICheckpointStore
{
    public ValueTask<Checkpoint?> LoadAsync(string jobId, CancellationToken cancellationToken) => inner.LoadAsync(jobId, cancellationToken);

    public async ValueTask<bool> TrySaveAsync(Checkpoint checkpoint, CancellationToken cancellationToken)
    {
        var saved = await inner.TrySaveAsync(checkpoint, cancellationToken).ConfigureAwait(false);
        if (saved)
        {
            saveLog.Append(CrashProtocol.FormatSave(checkpoint));
            Console.Out.WriteLine($"{CrashProtocol.Saved} {checkpoint.Version}");
        }

        return saved;
    }

    public ValueTask<bool> DeleteAsync(string jobId, CancellationToken cancellationToken) => inner.DeleteAsync(jobId, cancellationToken);

    public ValueTask<IReadOnlyList<Checkpoint>> ListAsync(string? jobIdPrefix, CancellationToken cancellationToken) => inner.ListAsync(jobIdPrefix, cancellationToken);

    public override string ToString() => inner.ToString() ?? nameof(LoggingCheckpointStore);
}
