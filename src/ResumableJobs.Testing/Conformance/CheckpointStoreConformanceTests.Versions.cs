using Xunit;

namespace ResumableJobs.Testing;

/// <content>Conditional saves, list, delete, and the jobs' independence.</content>
public abstract partial class CheckpointStoreConformanceTests
{
    /// <summary>A save succeeds only when the stored version is its version minus one (0 when none is stored).</summary>
    /// <returns>The test.</returns>
    [Fact]
    public async Task A_save_succeeds_only_on_top_of_the_version_before_it()
    {
        var store = await NewStoreAsync();

        Assert.False(await store.TrySaveAsync(MakeCheckpoint("job", 2), TestToken), "version 2 with nothing stored");
        Assert.Null(await store.LoadAsync("job", TestToken));

        Assert.True(await store.TrySaveAsync(MakeCheckpoint("job", 1), TestToken));
        Assert.False(await store.TrySaveAsync(MakeCheckpoint("job", 1, "a second version 1"), TestToken), "version 1 again");
        Assert.False(await store.TrySaveAsync(MakeCheckpoint("job", 3), TestToken), "version 3 over version 1");
        Assert.True(await store.TrySaveAsync(MakeCheckpoint("job", 2), TestToken));
        Assert.False(await store.TrySaveAsync(MakeCheckpoint("job", 2, "a second version 2"), TestToken), "version 2 again");
        Assert.False(await store.TrySaveAsync(MakeCheckpoint("job", 1, "back to version 1"), TestToken), "version 1 over version 2");
        Assert.True(await store.TrySaveAsync(MakeCheckpoint("job", 3), TestToken));

        AssertSameCheckpoint(MakeCheckpoint("job", 3), await store.LoadAsync("job", TestToken));
    }

    /// <summary>A refused save leaves the stored checkpoint exactly as it was.</summary>
    /// <returns>The test.</returns>
    [Fact]
    public async Task A_refused_save_changes_nothing()
    {
        var store = await NewStoreAsync();
        var stored = MakeCheckpoint("job", 1, "the stored cursor");
        Assert.True(await store.TrySaveAsync(stored, TestToken));
        Assert.True(await store.TrySaveAsync(MakeCheckpoint("job", 2, "version two"), TestToken));
        stored = MakeCheckpoint("job", 2, "version two");

        var intruders = new[]
        {
            MakeCheckpoint("job", 2, "a rival version 2", completed: true, updatedAt: DateTimeOffset.UnixEpoch),
            MakeCheckpoint("job", 4, "a version from the future") with { PagesDone = 1, ItemsDone = 1 },
            MakeCheckpoint("job", 1, "an old version 1"),
        };
        foreach (var intruder in intruders)
        {
            Assert.False(await store.TrySaveAsync(intruder, TestToken), $"version {intruder.Version} must be refused");
            AssertSameCheckpoint(stored, await store.LoadAsync("job", TestToken));
        }

        AssertSameCheckpoint(stored, Assert.Single(await store.ListAsync(null, TestToken)));
    }

    /// <summary>Many jobs live side by side: saving, refusing or deleting one never touches another.</summary>
    /// <returns>The test.</returns>
    [Fact]
    public async Task Jobs_are_independent()
    {
        var store = await NewStoreAsync();
        var ids = Enumerable.Range(0, 25).Select(i => $"tenant-{i:D2}.sync").ToList();
        foreach (var id in ids)
        {
            Assert.True(await store.TrySaveAsync(MakeCheckpoint(id, 1, $"start of {id}"), TestToken));
        }

        Assert.True(await store.TrySaveAsync(MakeCheckpoint(ids[3], 2, "moved on"), TestToken));
        Assert.False(await store.TrySaveAsync(MakeCheckpoint(ids[4], 3), TestToken));
        Assert.True(await store.DeleteAsync(ids[5], TestToken));

        for (var i = 0; i < ids.Count; i++)
        {
            var loaded = await store.LoadAsync(ids[i], TestToken);
            switch (i)
            {
                case 3:
                    AssertSameCheckpoint(MakeCheckpoint(ids[i], 2, "moved on"), loaded);
                    break;
                case 5:
                    Assert.Null(loaded);
                    break;
                default:
                    AssertSameCheckpoint(MakeCheckpoint(ids[i], 1, $"start of {ids[i]}"), loaded);
                    break;
            }
        }
    }

    /// <summary>List returns every job's latest checkpoint in ordinal order of job id (upper case before lower case,
    /// also within a prefix); a prefix selects ids that start with it, case-sensitively; null and the empty prefix
    /// select all.</summary>
    /// <returns>The test.</returns>
    [Fact]
    public async Task List_orders_by_job_id_and_filters_by_prefix()
    {
        var store = await NewStoreAsync();
        Assert.Empty(await store.ListAsync(null, TestToken));
        Assert.Empty(await store.ListAsync("a", TestToken));

        string[] ids = ["b", "a", "a.1", "a-2", "A", "ab", "a_", "aB", "Z9", "0", "9z", new string('m', JobIds.MaxLength)];
        foreach (var id in ids)
        {
            Assert.True(await store.TrySaveAsync(MakeCheckpoint(id, 1), TestToken));
        }

        Assert.True(await store.TrySaveAsync(MakeCheckpoint("ab", 2, "latest of ab"), TestToken));

        var all = await store.ListAsync(null, TestToken);
        Assert.Equal(ids.Order(StringComparer.Ordinal), all.Select(c => c.JobId));
        AssertSameCheckpoint(MakeCheckpoint("ab", 2, "latest of ab"), all.Single(c => c.JobId == "ab"));
        AssertSameCheckpoint(MakeCheckpoint("a-2", 1), all.Single(c => c.JobId == "a-2"));

        Assert.Equal(all.Select(c => c.JobId), (await store.ListAsync(string.Empty, TestToken)).Select(c => c.JobId));
        Assert.Equal(["a", "a-2", "a.1", "aB", "a_", "ab"], (await store.ListAsync("a", TestToken)).Select(c => c.JobId));
        Assert.Equal(["A"], (await store.ListAsync("A", TestToken)).Select(c => c.JobId));
        AssertSameCheckpoint(MakeCheckpoint("ab", 2, "latest of ab"), Assert.Single(await store.ListAsync("ab", TestToken)));
        Assert.Empty(await store.ListAsync("abc", TestToken));
        Assert.Empty(await store.ListAsync("c", TestToken));
    }

    /// <summary>Prefix characters are literal: '_', '%', '*', '.', '[' and '\' are not wildcards, and a prefix
    /// that no valid job id could have simply matches nothing.</summary>
    /// <returns>The test.</returns>
    [Fact]
    public async Task List_treats_prefix_characters_literally()
    {
        var store = await NewStoreAsync();
        string[] ids = ["a_b", "axb", "a.c", "azc", "a-d", "ae"];
        foreach (var id in ids)
        {
            Assert.True(await store.TrySaveAsync(MakeCheckpoint(id, 1), TestToken));
        }

        Assert.Equal(["a_b"], (await store.ListAsync("a_", TestToken)).Select(c => c.JobId));
        Assert.Equal(["a.c"], (await store.ListAsync("a.", TestToken)).Select(c => c.JobId));
        Assert.Empty(await store.ListAsync("a%", TestToken));
        Assert.Empty(await store.ListAsync("a*", TestToken));
        Assert.Empty(await store.ListAsync("a[", TestToken));
        Assert.Empty(await store.ListAsync("a\\", TestToken));
        Assert.Empty(await store.ListAsync("../", TestToken));
        Assert.Empty(await store.ListAsync("ä", TestToken));
    }

    /// <summary>Delete removes the one job's checkpoint and says whether there was one; the next save of that
    /// job starts again at version 1.</summary>
    /// <returns>The test.</returns>
    [Fact]
    public async Task Delete_resets_a_job_so_that_its_next_save_is_version_1()
    {
        var store = await NewStoreAsync();
        Assert.False(await store.DeleteAsync("missing", TestToken));

        Assert.True(await store.TrySaveAsync(MakeCheckpoint("reset-me", 1), TestToken));
        Assert.True(await store.TrySaveAsync(MakeCheckpoint("reset-me", 2), TestToken));
        Assert.True(await store.TrySaveAsync(MakeCheckpoint("keep-me", 1), TestToken));

        Assert.True(await store.DeleteAsync("reset-me", TestToken));
        Assert.False(await store.DeleteAsync("reset-me", TestToken));
        Assert.Null(await store.LoadAsync("reset-me", TestToken));
        Assert.Equal(["keep-me"], (await store.ListAsync(null, TestToken)).Select(c => c.JobId));

        Assert.False(await store.TrySaveAsync(MakeCheckpoint("reset-me", 3), TestToken), "the old version chain is gone");
        Assert.True(await store.TrySaveAsync(MakeCheckpoint("reset-me", 1, "fresh start"), TestToken));
        AssertSameCheckpoint(MakeCheckpoint("reset-me", 1, "fresh start"), await store.LoadAsync("reset-me", TestToken));
        AssertSameCheckpoint(MakeCheckpoint("keep-me", 1), await store.LoadAsync("keep-me", TestToken));
    }
}
