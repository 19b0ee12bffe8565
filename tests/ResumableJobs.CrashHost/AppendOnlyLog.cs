using System.Text;

namespace ResumableJobs.CrashHost;

/// <summary>A log file that each line is appended to with one write, handed to the operating system at once
/// (a killed process loses no line it finished writing).</summary>
internal sealed class AppendOnlyLog : IDisposable
{
    private readonly FileStream _stream;
    private readonly object _gate = new();

    public AppendOnlyLog(string path)
    {
        _stream = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete, bufferSize: 1);
    }

    public void Append(string line)
    {
        var bytes = Encoding.UTF8.GetBytes(line + "\n");
        lock (_gate)
        {
            _stream.Write(bytes);
            _stream.Flush();
        }
    }

    public void Dispose() => _stream.Dispose();
}
