using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;
using ResumableJobs.CrashHost;

namespace ResumableJobs.Sqlite.Tests;

/// <summary>
/// Proof under real kills: the crash host (a real process running a job with the SQLite store and a SQLite sink)
/// is killed at seeded random moments, restarted each time until the job completes, and then everything it left
/// behind is checked. Set RESUMABLEJOBS_CRASH_KILLS for more kills (default 30) and RESUMABLEJOBS_CRASH_SEED to
/// replay a seed (default: a new one each run, printed).
/// </summary>
public sealed class CrashTests : IDisposable
{
    private const int DefaultKills = 30;
    private const int PageSize = 5;

    private readonly TempFolder _folder = new("crash");

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task A_job_killed_at_random_moments_ends_with_every_item_once_and_checkpoints_that_never_moved_back()
    {
        var kills = ReadSetting("RESUMABLEJOBS_CRASH_KILLS", DefaultKills);
        var seed = ReadSetting("RESUMABLEJOBS_CRASH_SEED", Random.Shared.Next());
        // Enough pages that every planned kill lands before the job can finish, even when this test process is
        // slow to react on a loaded machine (a kill is planned at most six pages into a run).
        var pages = Math.Max(300, kills * 20);
        var arguments = new CrashHostArguments(_folder.Path, seed, pages * PageSize, PageSize, TimeSpan.FromMilliseconds(2));
        var source = arguments.CreateSource();
        var host = Path.Combine(AppContext.BaseDirectory, "ResumableJobs.CrashHost.dll");
        File.Exists(host).Should().BeTrue($"the crash host is built next to the tests ({host})");
        var random = new Random(seed);
        var runs = new List<HostRun>();
        var stopwatch = Stopwatch.StartNew();
        string Because(string what) => $"{what} [crash suite seed {seed}: replay with RESUMABLEJOBS_CRASH_SEED={seed}; {runs.Count(r => r.Killed)} kills in {runs.Count} runs]";
        TestContext.Current.TestOutputHelper?.WriteLine($"crash suite: seed {seed}, {kills} kills planned, {source.PageCount} pages, work folder {_folder.Path}");

        while (true)
        {
            var killsDone = runs.Count(r => r.Killed);
            runs.Count.Should().BeLessThan(kills + 20, Because("the job should complete soon after the planned kills"));
            var plan = killsDone < kills ? KillPlan.Draw(random) : null;
            var savedBefore = LastSavedVersion(arguments.SaveLog);
            var run = await RunHostAsync(host, arguments, plan);
            runs.Add(run);

            if (run.StartedFromVersion is { } loaded)
            {
                loaded.Should().BeGreaterThanOrEqualTo(savedBefore, Because($"run {runs.Count} loaded version {loaded}, but version {savedBefore} had been saved and acknowledged before it started: a save was lost"));
            }

            if (!run.Killed)
            {
                run.ExitCode.Should().Be(0, Because($"run {runs.Count} ended by itself and must have succeeded; stdout ended with '{run.LastLine}', stderr: {run.Errors}"));
                run.Outcome.Should().BeOneOf(["Completed", "AlreadyCompleted"], Because($"run {runs.Count} ended by itself"));
                runs.Count(r => r.Killed).Should().BeGreaterThanOrEqualTo(kills, Because("the job completed before every planned kill landed; it needs more pages"));
                break;
            }
        }

        var killCount = runs.Count(r => r.Killed);
        AssertCheckpointsOnlyMovedForward(arguments.SaveLog, source.PageCount, Because);
        var replayed = AssertSinkHoldsEveryItemOnce(arguments, source, killCount, Because);
        await AssertFinalCheckpointAsync(arguments, source, Because);

        TestContext.Current.TestOutputHelper?.WriteLine(
            $"crash suite: seed {seed}: {killCount} kills ({runs.Count(r => r.Killed && r.StartedFromVersion is null)} before the job started), {runs.Count} runs, {replayed} pages applied twice, {stopwatch.Elapsed.TotalSeconds:F1} s");
    }

    private static int ReadSetting(string name, int fallback)
    {
        var text = Environment.GetEnvironmentVariable(name);
        if (string.IsNullOrWhiteSpace(text))
        {
            return fallback;
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0
            ? value
            : throw new InvalidOperationException($"{name} must be a positive integer, not '{text}'.");
    }

    private static long LastSavedVersion(string saveLog) =>
        CrashProtocol.ReadCompleteLines(saveLog).Select(l => CrashProtocol.ParseSave(l).Version).DefaultIfEmpty(0).Max();

    private static void AssertCheckpointsOnlyMovedForward(string saveLog, long pageCount, Func<string, string> because)
    {
        var saves = CrashProtocol.ReadCompleteLines(saveLog).Select(CrashProtocol.ParseSave).ToList();
        saves.Should().NotBeEmpty(because("saves were logged"));
        for (var i = 1; i < saves.Count; i++)
        {
            var (previous, current) = (saves[i - 1], saves[i]);
            var moved = current.Version > previous.Version && current.PagesDone > previous.PagesDone && current.ItemsDone > previous.ItemsDone
                && long.Parse(current.Cursor, CultureInfo.InvariantCulture) > long.Parse(previous.Cursor, CultureInfo.InvariantCulture);
            moved.Should().BeTrue(because($"save {i + 1} (version {current.Version}, cursor {current.Cursor}) must be ahead of save {i} (version {previous.Version}, cursor {previous.Cursor})"));
        }

        saves[^1].Completed.Should().BeTrue(because("the last save completes the job"));
        saves[^1].Version.Should().Be(pageCount, because("one version per page"));
        saves.Take(saves.Count - 1).Should().OnlyContain(s => !s.Completed, because("only the last save completes the job"));
    }

    private static int AssertSinkHoldsEveryItemOnce(CrashHostArguments arguments, ResumableJobs.Testing.ChaosPageSource source, int kills, Func<string, string> because)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = arguments.SinkDatabase, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        connection.Open();

        var items = new Dictionary<string, (long Revision, string Value)>(StringComparer.Ordinal);
        var rows = 0;
        using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT id, revision, value FROM items";
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                rows++;
                items[reader.GetString(0)] = (reader.GetInt64(1), reader.GetString(2));
            }
        }

        rows.Should().Be(items.Count, because("each item is stored once"));
        items.Keys.Should().BeEquivalentTo(source.ExpectedFinalState.Keys, because("the sink holds exactly the source's items"));
        foreach (var (id, expected) in source.ExpectedFinalState)
        {
            items[id].Should().Be((expected.Revision, expected.Value), because($"item {id} holds its latest value"));
        }

        var appliesPerPage = new Dictionary<long, int>();
        using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT page_number, count(*) FROM applies GROUP BY page_number";
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                appliesPerPage[reader.GetInt64(0)] = reader.GetInt32(1);
            }
        }

        appliesPerPage.Keys.Should().BeEquivalentTo(Enumerable.Range(1, (int)source.PageCount).Select(p => (long)p), because("every page was applied"));
        var replayed = appliesPerPage.Count(p => p.Value > 1);
        replayed.Should().BeLessThanOrEqualTo(kills, because("only a kill between apply and checkpoint replays a page"));
        appliesPerPage.Values.Sum().Should().BeLessThanOrEqualTo((int)source.PageCount + kills, because("each kill replays at most one page"));
        return replayed;
    }

    private static async Task AssertFinalCheckpointAsync(CrashHostArguments arguments, ResumableJobs.Testing.ChaosPageSource source, Func<string, string> because)
    {
        await using var store = new SqliteCheckpointStore(new SqliteCheckpointStoreOptions { ConnectionString = $"Data Source={arguments.CheckpointDatabase};Mode=ReadOnly" });
        var final = await store.LoadAsync(CrashHostArguments.JobId, Token);
        final.Should().NotBeNull(because("the job saved checkpoints"));
        final!.Completed.Should().BeTrue(because("the job completed"));
        final.Version.Should().Be(source.PageCount, because("one version per page"));
        final.PagesDone.Should().Be(source.PageCount, because("pages done counts each page once"));
        final.ItemsDone.Should().Be(source.Items.Count, because("items done counts each item once"));
        final.Cursor.Should().Be(source.Items.Count.ToString(CultureInfo.InvariantCulture), because("the final cursor is the end of the stream"));
    }

    private static async Task<HostRun> RunHostAsync(string host, CrashHostArguments arguments, KillPlan? plan)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(host);
        foreach (var argument in arguments.ToCommandLine())
        {
            start.ArgumentList.Add(argument);
        }

        using var process = new Process { StartInfo = start };
        var events = 0;
        long? startedFrom = null;
        string? outcome = null;
        string? lastLine = null;
        var errors = new StringBuilder();
        var threshold = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is not { } line)
            {
                return;
            }

            lastLine = line;
            var parts = line.Split(' ', 2);
            switch (parts[0])
            {
                case CrashProtocol.Started:
                    startedFrom = long.Parse(parts[1], CultureInfo.InvariantCulture);
                    break;
                case CrashProtocol.Applied or CrashProtocol.Saved:
                    if (plan is { EventCount: > 0 } && Interlocked.Increment(ref events) >= plan.EventCount)
                    {
                        threshold.TrySetResult();
                    }

                    break;
                case CrashProtocol.Done:
                    outcome = parts[1];
                    break;
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is { } line)
            {
                lock (errors)
                {
                    errors.AppendLine(line);
                }
            }
        };

        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Token);
        timeout.CancelAfter(TimeSpan.FromMinutes(2));
        var exited = process.WaitForExitAsync(timeout.Token);

        var killAttempted = false;
        if (plan is not null)
        {
            var trigger = plan.EventCount > 0 ? threshold.Task : Task.Delay(plan.Delay, timeout.Token);
            await Task.WhenAny(trigger, exited);
            if (!exited.IsCompleted)
            {
                // A little more, so that kills do not always land just after a log line.
                Thread.Sleep(plan.Jitter);
                try
                {
                    process.Kill(entireProcessTree: true);
                    killAttempted = true;
                }
                catch (InvalidOperationException)
                {
                    // It exited by itself in the meantime.
                }
            }
        }

        try
        {
            await exited;
        }
        catch (OperationCanceledException) when (!Token.IsCancellationRequested)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"The crash host did not end within 2 minutes; stdout ended with '{lastLine}'.");
        }

        // The parameterless wait also waits until the redirected output has been read to its end.
        process.WaitForExit();
        string stderr;
        lock (errors)
        {
            stderr = errors.ToString();
        }

        // A run that printed its outcome ended by itself, even if a kill was sent as it did.
        return new HostRun(killAttempted && outcome is null, process.ExitCode, startedFrom, outcome, lastLine, stderr);
    }

    /// <summary>When to kill a run: after a number of applies and saves, or after a short time from its start.</summary>
    private sealed record KillPlan(int EventCount, TimeSpan Delay, TimeSpan Jitter)
    {
        public static KillPlan Draw(Random random) =>
            random.Next(4) == 0
                ? new KillPlan(0, TimeSpan.FromMilliseconds(random.Next(0, 400)), TimeSpan.Zero)
                : new KillPlan(random.Next(1, 13), TimeSpan.Zero, TimeSpan.FromMilliseconds(random.Next(0, 4)));
    }

    private sealed record HostRun(bool Killed, int ExitCode, long? StartedFromVersion, string? Outcome, string? LastLine, string Errors);
}
