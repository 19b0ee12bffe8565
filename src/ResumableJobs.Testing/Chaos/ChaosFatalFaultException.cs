namespace ResumableJobs.Testing;

/// <summary>A fatal fault injected on purpose by a chaos helper; the default retry predicate does not retry it.</summary>
public sealed class ChaosFatalFaultException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">Where the fault was injected.</param>
    public ChaosFatalFaultException(string message)
        : base(message)
    {
    }
}
