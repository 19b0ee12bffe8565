namespace ResumableJobs;

/// <summary>The base of the errors the engine and its stores raise about a specific job.</summary>
public class ResumableJobException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="jobId">The job the error concerns.</param>
    /// <param name="message">The message, which should name the job.</param>
    /// <param name="innerException">The underlying error, if any.</param>
    public ResumableJobException(string jobId, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        JobId = jobId;
    }

    /// <summary>The job the error concerns.</summary>
    public string JobId { get; }
}
