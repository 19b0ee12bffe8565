// The crash host: runs one resumable job (SQLite checkpoints, SQLite sink) so that a test can kill it at random
// moments, start it again, and check what survived. See tests/ResumableJobs.Sqlite.Tests/CrashTests.cs.
using ResumableJobs;
using ResumableJobs.CrashHost;

CrashHostArguments arguments;
try
{
    arguments = CrashHostArguments.Parse(args);
}
catch (ArgumentException ex)
{
    await Console.Error.WriteLineAsync(ex.Message);
    return 64;
}

using var saveLog = new AppendOnlyLog(arguments.SaveLog);
using var applyLog = new AppendOnlyLog(arguments.ApplyLog);
await using var checkpoints = new SqliteCheckpointStore(arguments.CheckpointDatabase);
using var sink = new SqliteItemSink(arguments.SinkDatabase, applyLog);

var loaded = await checkpoints.LoadAsync(CrashHostArguments.JobId, CancellationToken.None);
Console.Out.WriteLine($"{CrashProtocol.Started} {loaded?.Version ?? 0}");

var job = ResumableJob.Create(
    CrashHostArguments.JobId,
    arguments.CreateSource(),
    sink,
    new LoggingCheckpointStore(checkpoints, saveLog),
    startCursor: 0L);
var result = await job.RunAsync(CancellationToken.None);
Console.Out.WriteLine($"{CrashProtocol.Done} {result.Outcome}");
if (!result.IsDone)
{
    await Console.Error.WriteLineAsync(result.ToString());
    await Console.Error.WriteLineAsync(result.Error?.ToString());
    return 2;
}

return 0;
