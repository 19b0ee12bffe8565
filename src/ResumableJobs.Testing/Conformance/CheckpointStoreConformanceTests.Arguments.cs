using Xunit;

namespace ResumableJobs.Testing;

/// <content>Invalid input and cancellation.</content>
public abstract partial class CheckpointStoreConformanceTests
{
    /// <summary>Job ids that <see cref="JobIds"/> rejects: empty, blank, path-like, non-ASCII, too long, control characters.</summary>
    public static IReadOnlyList<string> InvalidJobIds { get; } =
    [
        string.Empty,
        " ",
        "../escape",
        "..",
        ".hidden",
        "-dash-first",
        "a/b",
        "a\\b",
        "with space",
        "ünïcode",
        "tab\tinside",
        "nul\0inside",
        "colon:inside",
        new string('a', JobIds.MaxLength + 1),
    ];

    /// <summary>Every operation that takes a job id rejects an invalid one with an <see cref="ArgumentException"/>
    /// that names the parameter (<c>jobId</c>, or <c>checkpoint</c> for a save), and writes nothing.</summary>
    /// <returns>The test.</returns>
    [Fact]
    public async Task Invalid_job_ids_are_rejected()
    {
        var store = await NewStoreAsync();
        foreach (var id in InvalidJobIds)
        {
            await AssertRejectedAsync<ArgumentException>("jobId", async () => await store.LoadAsync(id, TestToken));
            await AssertRejectedAsync<ArgumentException>("jobId", async () => await store.DeleteAsync(id, TestToken));
            await AssertRejectedAsync<ArgumentException>("checkpoint", async () => await store.TrySaveAsync(MakeCheckpoint("valid", 1) with { JobId = id }, TestToken));
        }

        await AssertRejectedAsync<ArgumentNullException>("jobId", async () => await store.LoadAsync(null!, TestToken));
        await AssertRejectedAsync<ArgumentNullException>("jobId", async () => await store.DeleteAsync(null!, TestToken));
        Assert.Empty(await store.ListAsync(null, TestToken));
    }

    /// <summary>A checkpoint that cannot be valid is rejected with an <see cref="ArgumentException"/> that names the
    /// <c>checkpoint</c> parameter (an <see cref="ArgumentNullException"/> for null), and nothing is written: null,
    /// a null cursor, a version below 1, negative totals.</summary>
    /// <returns>The test.</returns>
    [Fact]
    public async Task Invalid_checkpoints_are_rejected()
    {
        var store = await NewStoreAsync();
        var valid = MakeCheckpoint("job", 1);
        Checkpoint[] invalid =
        [
            valid with { Cursor = null! },
            valid with { Version = 0 },
            valid with { Version = -1 },
            valid with { Version = long.MinValue },
            valid with { PagesDone = -1 },
            valid with { ItemsDone = -1 },
        ];

        await AssertRejectedAsync<ArgumentNullException>("checkpoint", async () => await store.TrySaveAsync(null!, TestToken));
        foreach (var checkpoint in invalid)
        {
            await AssertRejectedAsync<ArgumentException>("checkpoint", async () => await store.TrySaveAsync(checkpoint, TestToken));
        }

        Assert.Null(await store.LoadAsync("job", TestToken));
        Assert.Empty(await store.ListAsync(null, TestToken));
        Assert.True(await store.TrySaveAsync(valid, TestToken));
    }

    /// <summary>With a cancelled token every operation throws <see cref="OperationCanceledException"/> and changes
    /// nothing, whether the store is empty or holds checkpoints.</summary>
    /// <returns>The test.</returns>
    [Fact]
    public async Task A_cancelled_token_throws_and_changes_nothing()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        var token = cancelled.Token;

        var empty = await NewStoreAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await empty.LoadAsync("job", token));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await empty.TrySaveAsync(MakeCheckpoint("job", 1), token));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await empty.DeleteAsync("job", token));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await empty.ListAsync(null, token));
        Assert.Null(await empty.LoadAsync("job", TestToken));

        var store = await NewStoreAsync();
        var stored = MakeCheckpoint("job", 1);
        Assert.True(await store.TrySaveAsync(stored, TestToken));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await store.LoadAsync("job", token));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await store.TrySaveAsync(MakeCheckpoint("job", 2), token));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await store.TrySaveAsync(MakeCheckpoint("other", 1), token));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await store.DeleteAsync("job", token));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await store.ListAsync(null, token));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await store.ListAsync("j", token));

        AssertSameCheckpoint(stored, Assert.Single(await store.ListAsync(null, TestToken)));
    }

    private static async Task AssertRejectedAsync<TException>(string parameterName, Func<Task> operation)
        where TException : ArgumentException
    {
        var rejection = await Assert.ThrowsAnyAsync<TException>(operation);
        Assert.Equal(parameterName, rejection.ParamName);
    }
}
