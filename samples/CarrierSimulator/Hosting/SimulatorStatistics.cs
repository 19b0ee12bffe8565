namespace CarrierSimulator;

/// <summary>Counts of what the simulator answered, for tests and the standalone console.</summary>
public sealed class SimulatorStatistics
{
    private long _requests;
    private long _throttled;
    private long _serviceUnavailable;
    private long _slowAnswers;
    private long _droppedConnections;
    private long _unauthorized;

    /// <summary>Calls received.</summary>
    public long Requests => Interlocked.Read(ref _requests);

    /// <summary>Calls refused for exceeding the rate limit.</summary>
    public long Throttled => Interlocked.Read(ref _throttled);

    /// <summary>Calls answered with 503.</summary>
    public long ServiceUnavailable => Interlocked.Read(ref _serviceUnavailable);

    /// <summary>Calls answered slowly.</summary>
    public long SlowAnswers => Interlocked.Read(ref _slowAnswers);

    /// <summary>Calls whose connection was dropped.</summary>
    public long DroppedConnections => Interlocked.Read(ref _droppedConnections);

    /// <summary>Calls refused for missing or wrong credentials.</summary>
    public long Unauthorized => Interlocked.Read(ref _unauthorized);

    /// <inheritdoc />
    public override string ToString() =>
        $"{Requests} calls: {Throttled} throttled, {ServiceUnavailable} × 503, {SlowAnswers} slow, {DroppedConnections} dropped, {Unauthorized} unauthorized";

    internal void OnRequest() => Interlocked.Increment(ref _requests);

    internal void OnThrottled() => Interlocked.Increment(ref _throttled);

    internal void OnUnauthorized() => Interlocked.Increment(ref _unauthorized);

    internal void OnFault(FaultKind fault)
    {
        switch (fault)
        {
            case FaultKind.ServiceUnavailable:
                Interlocked.Increment(ref _serviceUnavailable);
                break;
            case FaultKind.SlowAnswer:
                Interlocked.Increment(ref _slowAnswers);
                break;
            case FaultKind.DroppedConnection:
                Interlocked.Increment(ref _droppedConnections);
                break;
        }
    }
}
