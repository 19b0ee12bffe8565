namespace ResumableJobs;

/// <summary>
/// A fault that is worth retrying, optionally with the delay the server asked for (Retry-After). Throw it from a
/// page source, sink or store to have the default retry predicate retry the operation.
/// </summary>
public class TransientFaultException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What failed.</param>
    /// <param name="retryAfter">The delay the server asked for, if it asked; still capped by the retry options.</param>
    /// <param name="innerException">The underlying error, if any.</param>
    public TransientFaultException(string message, TimeSpan? retryAfter = null, Exception? innerException = null)
        : base(message, innerException)
    {
        if (retryAfter is { } delay && delay < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(retryAfter), delay, "Retry-After must not be negative.");
        }

        RetryAfter = retryAfter;
    }

    /// <summary>The delay the server asked for before the next attempt, if it asked.</summary>
    public TimeSpan? RetryAfter { get; }
}
