namespace SimInventorySync.Carriers;

/// <summary>
/// A carrier answered in a way that retrying cannot fix (bad credentials, a malformed answer, a client error).
/// Its message names the page (the URL). Not retried: the default retry predicate treats it as fatal.
/// </summary>
internal sealed class CarrierApiException : Exception
{
    public CarrierApiException(Uri pageUrl, string message, int? statusCode = null, string? errorCode = null, Exception? innerException = null)
        : base(message, innerException)
    {
        PageUrl = pageUrl;
        StatusCode = statusCode;
        ErrorCode = errorCode;
    }

    /// <summary>The page whose fetch failed.</summary>
    public Uri PageUrl { get; }

    /// <summary>The HTTP status of the answer, when there was one.</summary>
    public int? StatusCode { get; }

    /// <summary>The carrier's own error code, when it gave one.</summary>
    public string? ErrorCode { get; }
}
