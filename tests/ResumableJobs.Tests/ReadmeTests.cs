namespace ResumableJobs.Tests;

/// <summary>Keeps README.md honest: its quickstart is the sample that CI compiles, and its test command is the one .ci/run runs.</summary>
public sealed class ReadmeTests
{
    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ResumableJobs.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"ResumableJobs.sln not found above {AppContext.BaseDirectory}.");
    }

    [Fact]
    public void The_readme_quickstart_is_the_quickstart_sample_verbatim()
    {
        var root = RepositoryRoot();
        var readme = File.ReadAllText(Path.Combine(root, "README.md")).ReplaceLineEndings("\n");
        var sample = File.ReadAllText(Path.Combine(root, "samples", "Quickstart", "Program.cs")).ReplaceLineEndings("\n");

        readme.Should().Contain("```csharp\n" + sample + "```", "README.md must show samples/Quickstart/Program.cs exactly, so the quickstart cannot rot");
    }

    [Fact]
    public void The_ci_script_runs_the_test_command_the_readme_gives()
    {
        var root = RepositoryRoot();
        var readme = File.ReadAllText(Path.Combine(root, "README.md"));
        var ci = File.ReadAllText(Path.Combine(root, ".ci", "run"));
        const string testCommand = "dotnet test ResumableJobs.sln -c Release";

        readme.Should().Contain(testCommand);
        ci.Should().Contain(testCommand);
    }
}
