using System.Text;
using Xunit;

namespace ResumableJobs.Testing;

/// <content>Round-trips: every field, cursors of any text and size, timestamps to the tick.</content>
public abstract partial class CheckpointStoreConformanceTests
{
    /// <summary>Cursor texts that a store must keep exactly: non-ASCII scripts, surrogate pairs, combining marks,
    /// control characters, JSON and quoting characters, and an empty string.</summary>
    public static IReadOnlyList<string> AwkwardCursors { get; } =
    [
        string.Empty,
        "café naïve façade Ærøskøbing",
        "日本語のカーソル 한국어 中文",
        "emoji 😀🚀 and a flag 🇳🇴 and a family 👨‍👩‍👧",
        "combining e\u0301 next to precomposed \u00e9",
        "right-to-left עברית العربية",
        "quotes \" ' ` and backslashes \\ \\\\ and slashes / //",
        "line\nbreaks\r\nand\ttabs\vand\fform feeds",
        "a NUL \0 in the middle, and one at the end \0",
        "\uFEFFstarts with a byte order mark",
        "the last code point \U0010FFFF and a noncharacter \uFFFF",
        "{\"after\":\"2026-03-14T15:09:26.5358979+02:00\",\"ids\":[1,2,3],\"name\":\"Zoë\"}",
        "  leading and trailing spaces  ",
        "%s %d {0} $1 ${x} '; DROP TABLE checkpoints; --",
    ];

    /// <summary>A job with no checkpoint loads as <see langword="null"/>, not as an error or an empty checkpoint.</summary>
    /// <returns>The test.</returns>
    [Fact]
    public async Task Load_returns_null_for_a_job_without_a_checkpoint()
    {
        var store = await NewStoreAsync();

        Assert.Null(await store.LoadAsync("never-saved", TestToken));
    }

    /// <summary>A first save is version 1 and every field loads back as saved.</summary>
    /// <returns>The test.</returns>
    [Fact]
    public async Task A_first_save_loads_back_field_for_field()
    {
        var store = await NewStoreAsync();
        var checkpoint = MakeCheckpoint("orders", 1);

        Assert.True(await store.TrySaveAsync(checkpoint, TestToken));

        AssertSameCheckpoint(checkpoint, await store.LoadAsync("orders", TestToken));
    }

    /// <summary>Cursors of any valid Unicode text come back exactly, code unit for code unit.</summary>
    /// <returns>The test.</returns>
    [Fact]
    public async Task Cursors_of_any_text_round_trip_exactly()
    {
        var store = await NewStoreAsync();
        var expected = AwkwardCursors.Select((cursor, i) => MakeCheckpoint($"cursor-{i:D2}", 1, cursor)).ToList();

        foreach (var checkpoint in expected)
        {
            Assert.True(await store.TrySaveAsync(checkpoint, TestToken), $"save of cursor #{checkpoint.JobId}");
        }

        foreach (var checkpoint in expected)
        {
            AssertSameCheckpoint(checkpoint, await store.LoadAsync(checkpoint.JobId, TestToken));
        }

        var listed = await store.ListAsync("cursor-", TestToken);
        Assert.Equal(expected.Count, listed.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            AssertSameCheckpoint(expected[i], listed[i]);
        }
    }

    /// <summary>A cursor of 65,536 characters (ASCII, other scripts and surrogate pairs mixed) comes back exactly,
    /// and so does its replacement by a later version.</summary>
    /// <returns>The test.</returns>
    [Fact]
    public async Task A_64_KiB_cursor_round_trips_exactly()
    {
        var store = await NewStoreAsync();
        var first = MakeCheckpoint("big-cursor", 1, BuildLargeCursor(seed: 64, length: 64 * 1024));
        var second = MakeCheckpoint("big-cursor", 2, BuildLargeCursor(seed: 65, length: 64 * 1024));

        Assert.True(await store.TrySaveAsync(first, TestToken));
        AssertSameCheckpoint(first, await store.LoadAsync("big-cursor", TestToken));
        Assert.True(await store.TrySaveAsync(second, TestToken));
        AssertSameCheckpoint(second, await store.LoadAsync("big-cursor", TestToken));
    }

    /// <summary>Timestamps come back to the 100-ns tick, with their offset, across the whole range.</summary>
    /// <returns>The test.</returns>
    [Fact]
    public async Task Timestamps_round_trip_to_the_tick_with_their_offset()
    {
        var store = await NewStoreAsync();
        var instant = new DateTimeOffset(2026, 3, 14, 15, 9, 26, TimeSpan.Zero).AddTicks(5_358_979);
        DateTimeOffset[] timestamps =
        [
            instant,
            instant.ToOffset(TimeSpan.FromMinutes(345)),
            instant.ToOffset(TimeSpan.FromMinutes(-210)),
            instant.ToOffset(TimeSpan.FromHours(14)),
            instant.ToOffset(TimeSpan.FromHours(-12)),
            DateTimeOffset.UnixEpoch.AddTicks(1),
            new DateTimeOffset(1, 1, 1, 0, 0, 0, TimeSpan.Zero).AddTicks(1),
            new DateTimeOffset(9999, 12, 31, 23, 59, 59, TimeSpan.Zero).AddTicks(9_999_999),
            new DateTimeOffset(2024, 2, 29, 23, 59, 59, TimeSpan.FromHours(-5)).AddTicks(9_999_999),
        ];

        var expected = timestamps.Select((at, i) => MakeCheckpoint($"time-{i}", 1, updatedAt: at)).ToList();
        foreach (var checkpoint in expected)
        {
            Assert.True(await store.TrySaveAsync(checkpoint, TestToken));
        }

        foreach (var checkpoint in expected)
        {
            AssertSameCheckpoint(checkpoint, await store.LoadAsync(checkpoint.JobId, TestToken));
        }
    }

    /// <summary>The completed flag round-trips, and a later version can set it.</summary>
    /// <returns>The test.</returns>
    [Fact]
    public async Task The_completed_flag_round_trips()
    {
        var store = await NewStoreAsync();
        var running = MakeCheckpoint("flagged", 1, completed: false);
        var done = MakeCheckpoint("flagged", 2, completed: true);
        var doneAtOnce = MakeCheckpoint("one-page-job", 1, completed: true);

        Assert.True(await store.TrySaveAsync(running, TestToken));
        AssertSameCheckpoint(running, await store.LoadAsync("flagged", TestToken));
        Assert.True(await store.TrySaveAsync(done, TestToken));
        Assert.True(await store.TrySaveAsync(doneAtOnce, TestToken));

        AssertSameCheckpoint(done, await store.LoadAsync("flagged", TestToken));
        AssertSameCheckpoint(doneAtOnce, await store.LoadAsync("one-page-job", TestToken));
    }

    /// <summary>Totals as large as a long allows come back exactly.</summary>
    /// <returns>The test.</returns>
    [Fact]
    public async Task Large_totals_and_versions_round_trip()
    {
        var store = await NewStoreAsync();
        var checkpoint = MakeCheckpoint("huge", 1) with { PagesDone = long.MaxValue, ItemsDone = long.MaxValue - 1 };
        Assert.True(await store.TrySaveAsync(checkpoint, TestToken));
        AssertSameCheckpoint(checkpoint, await store.LoadAsync("huge", TestToken));

        var zero = MakeCheckpoint("zero", 1) with { PagesDone = 0, ItemsDone = 0 };
        Assert.True(await store.TrySaveAsync(zero, TestToken));
        AssertSameCheckpoint(zero, await store.LoadAsync("zero", TestToken));
    }

    /// <summary>A string of exactly <paramref name="length"/> UTF-16 code units, of ASCII, other scripts and
    /// surrogate pairs, never splitting a pair.</summary>
    /// <param name="seed">Seeds the mix.</param>
    /// <param name="length">The length in code units.</param>
    /// <returns>The string.</returns>
    protected static string BuildLargeCursor(int seed, int length)
    {
        string[] pieces = ["abc", "0123456789", "-_.~", "ü", "日本", "😀", "\"\\", "\n", "ﬁ", "𝄞"];
        var random = new Random(seed);
        var builder = new StringBuilder(length);
        while (builder.Length < length)
        {
            var piece = pieces[random.Next(pieces.Length)];
            if (builder.Length + piece.Length > length)
            {
                piece = new string('x', length - builder.Length);
            }

            builder.Append(piece);
        }

        return builder.ToString();
    }
}
