namespace ResumableJobs.Tests.Fakes;

/// <summary>A fatal fault a test injected; the default retry predicate does not retry it.</summary>
public sealed class InjectedFatalException(string message) : Exception(message);

/// <summary>Creates the faults tests inject, so that a result's error can be compared by reference.</summary>
public static class InjectedFault
{
    public static InjectedFatalException Fatal(string where) => new($"injected fatal fault {where}");

    public static TransientFaultException Transient(string where) => new($"injected transient fault {where}");
}
