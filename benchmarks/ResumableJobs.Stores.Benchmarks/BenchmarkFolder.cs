namespace ResumableJobs.Stores.Benchmarks;

/// <summary>A fresh folder for one benchmark's files, on the disk RESUMABLEJOBS_BENCH_DIR names (default: the temp folder).</summary>
internal static class BenchmarkFolder
{
    public static string Create(string name)
    {
        var root = Environment.GetEnvironmentVariable("RESUMABLEJOBS_BENCH_DIR") is { Length: > 0 } configured
            ? configured
            : Path.Combine(Path.GetTempPath(), "resumablejobs-benchmarks");
        var folder = Path.Combine(root, $"{name}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        return folder;
    }

    public static void Delete(string folder)
    {
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
