namespace SimInventorySync.Carriers;

/// <summary>What a page source met, for the progress display: calls, throttled answers, other transient faults.</summary>
internal sealed class PageSourceStatistics
{
    private long _requests;
    private long _throttled;
    private long _transientFaults;

    public long Requests => Interlocked.Read(ref _requests);

    public long Throttled => Interlocked.Read(ref _throttled);

    public long TransientFaults => Interlocked.Read(ref _transientFaults);

    public void OnRequest() => Interlocked.Increment(ref _requests);

    public void OnThrottled() => Interlocked.Increment(ref _throttled);

    public void OnTransientFault() => Interlocked.Increment(ref _transientFaults);
}
