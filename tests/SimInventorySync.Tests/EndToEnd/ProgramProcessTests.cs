using SimInventorySync.Tests.Support;

namespace SimInventorySync.Tests.EndToEnd;

/// <summary>The program as a process: exit codes and one-line reasons.</summary>
public sealed class ProgramProcessTests : IDisposable
{
    private readonly TempDirectory _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Bad_arguments_exit_2_with_one_line_that_says_why()
    {
        using var child = ChildProcess.Start(_folder.Path, ["--sims", "0", "--source", "att"], new Dictionary<string, string>());
        await child.WaitForExitAsync(TestContext.Current.CancellationToken);

        child.ExitCode.Should().Be(ExitCodes.BadArguments);
        var lines = child.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines.Should().ContainSingle().Which.Should().StartWith("error: --sims must be a whole number from 1 to 10000000, not '0'.").And.Contain("'att'").And.EndWith("(see --help)");
    }

    [Fact]
    public async Task A_carrier_url_without_credentials_exits_2_naming_the_variables()
    {
        using var child = ChildProcess.Start(_folder.Path, ["--carrier-url", "http://127.0.0.1:9/"], new Dictionary<string, string>());
        await child.WaitForExitAsync(TestContext.Current.CancellationToken);

        child.ExitCode.Should().Be(ExitCodes.BadArguments);
        child.Output.Trim().Should().Be("error: --carrier-url with --source controlcenter needs the credentials in the environment variables CONTROL_CENTER_USERNAME and CONTROL_CENTER_API_KEY.");
    }

    [Fact]
    public async Task Help_lists_every_option()
    {
        using var child = ChildProcess.Start(_folder.Path, ["--help"], new Dictionary<string, string>());
        await child.WaitForExitAsync(TestContext.Current.CancellationToken);

        child.ExitCode.Should().Be(0);
        child.Output.Should().ContainAll("--db", "--sims", "--seed", "--source", "--session", "--fault-rate", "--carrier-url", "--help");
    }
}
