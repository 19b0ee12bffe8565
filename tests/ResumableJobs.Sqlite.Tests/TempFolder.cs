using Microsoft.Data.Sqlite;

namespace ResumableJobs.Sqlite.Tests;

/// <summary>A fresh folder under the temp folder, deleted (with everything in it) on dispose.</summary>
internal sealed class TempFolder : IDisposable
{
    public TempFolder(string purpose)
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "resumablejobs-sqlite-tests", $"{purpose}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        // Connections left in Microsoft.Data.Sqlite's pool would keep files open; the stores do not pool, raw test connections may.
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(Path))
        {
            foreach (var file in Directory.EnumerateFiles(Path, "*", SearchOption.AllDirectories))
            {
                System.IO.File.SetAttributes(file, FileAttributes.Normal);
            }

            Directory.Delete(Path, recursive: true);
        }
    }
}
