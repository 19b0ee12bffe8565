namespace SimInventorySync.Carriers;

/// <summary>A carrier's answer, read whole.</summary>
/// <param name="Url">The page that was fetched.</param>
/// <param name="StatusCode">The HTTP status.</param>
/// <param name="ReasonPhrase">The HTTP reason phrase.</param>
/// <param name="RetryAfter">The Retry-After the answer asked for, if any.</param>
/// <param name="Body">The body text.</param>
internal sealed record CarrierResponse(Uri Url, int StatusCode, string? ReasonPhrase, TimeSpan? RetryAfter, string Body)
{
    public bool IsSuccess => StatusCode is >= 200 and <= 299;

    public string Status => $"HTTP {StatusCode}{(string.IsNullOrEmpty(ReasonPhrase) ? string.Empty : " " + ReasonPhrase)}";
}
