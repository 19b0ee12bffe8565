namespace CarrierSimulator;

/// <summary>Draws the faults of calls from a seeded random source, so that a single-client run is reproducible.</summary>
internal sealed class FaultInjector
{
    private readonly Random _random;
    private readonly Lock _gate = new();
    private readonly double _serviceUnavailable;
    private readonly double _slow;
    private readonly double _dropped;

    public FaultInjector(CarrierSimulatorOptions options)
    {
        _random = new Random(unchecked(options.Seed ^ 0x5EED_F00D));
        _serviceUnavailable = options.ServiceUnavailableRate;
        _slow = options.SlowAnswerRate;
        _dropped = options.DroppedConnectionRate;
    }

    public FaultKind Draw()
    {
        double value;
        lock (_gate)
        {
            value = _random.NextDouble();
        }

        if (value < _serviceUnavailable)
        {
            return FaultKind.ServiceUnavailable;
        }

        if (value < _serviceUnavailable + _slow)
        {
            return FaultKind.SlowAnswer;
        }

        return value < _serviceUnavailable + _slow + _dropped ? FaultKind.DroppedConnection : FaultKind.None;
    }

    /// <summary>A coin toss, for the choices the APIs leave open (which status a throttled answer has, whether it
    /// carries a Retry-After).</summary>
    /// <returns>Heads or tails.</returns>
    public bool Toss()
    {
        lock (_gate)
        {
            return _random.Next(2) == 0;
        }
    }
}
