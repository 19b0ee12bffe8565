namespace ResumableJobs;

/// <summary>The rules for job ids, shared by the engine and every store so that an id can never escape a folder or a key space.</summary>
public static class JobIds
{
    /// <summary>The longest job id allowed.</summary>
    public const int MaxLength = 200;

    /// <summary>
    /// Throws when <paramref name="jobId"/> is not a valid job id: 1 to <see cref="MaxLength"/> characters of ASCII
    /// letters, digits, '-', '_' and '.', starting with a letter or digit.
    /// </summary>
    /// <param name="jobId">The id to check.</param>
    /// <param name="parameterName">The parameter name to report.</param>
    /// <exception cref="ArgumentException">The id is invalid; the message says why.</exception>
    public static void Validate(string? jobId, string parameterName = "jobId")
    {
        if (jobId is null)
        {
            throw new ArgumentNullException(parameterName, "A job id is required.");
        }

        if (GetProblem(jobId) is { } problem)
        {
            throw new ArgumentException($"Invalid job id '{jobId}': {problem}.", parameterName);
        }
    }

    /// <summary>Whether <paramref name="jobId"/> is a valid job id (see <see cref="Validate"/>).</summary>
    /// <param name="jobId">The id to check.</param>
    /// <returns><see langword="true"/> when valid.</returns>
    public static bool IsValid(string? jobId) => jobId is not null && GetProblem(jobId) is null;

    private static string? GetProblem(string jobId)
    {
        if (jobId.Length == 0)
        {
            return "it is empty";
        }

        if (jobId.Length > MaxLength)
        {
            return $"it is {jobId.Length} characters long, more than {MaxLength}";
        }

        if (!char.IsAsciiLetterOrDigit(jobId[0]))
        {
            return "it must start with an ASCII letter or digit";
        }

        foreach (var c in jobId)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not '-' and not '_' and not '.')
            {
                return $"it contains '{c}' (U+{(int)c:X4}); only ASCII letters, digits, '-', '_' and '.' are allowed";
            }
        }

        return null;
    }
}
