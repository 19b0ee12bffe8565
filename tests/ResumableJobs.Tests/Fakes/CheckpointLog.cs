using System.Globalization;

namespace ResumableJobs.Tests.Fakes;

/// <summary>Assertions over the log of saved checkpoints of one job whose cursors are ints.</summary>
public static class CheckpointLog
{
    /// <summary>
    /// Versions run 1, 2, 3, ... without a gap, each save covers exactly one more page, item totals never shrink,
    /// and the stored cursor never moves backward; only the last save may be (and then must be) the completed one.
    /// </summary>
    public static void ShouldMoveOnlyForward(IReadOnlyList<Checkpoint> saved, string because = "")
    {
        for (var i = 0; i < saved.Count; i++)
        {
            var checkpoint = saved[i];
            checkpoint.Version.Should().Be(i + 1, "versions are consecutive {0}", because);
            checkpoint.PagesDone.Should().Be(i + 1, "each save covers one more page {0}", because);
            if (i < saved.Count - 1)
            {
                checkpoint.Completed.Should().BeFalse("only the last save may complete the job {0}", because);
            }

            if (i > 0)
            {
                var previous = saved[i - 1];
                Cursor(checkpoint).Should().BeGreaterThanOrEqualTo(Cursor(previous), "the stored cursor never moves backward (save {0} after save {1}) {2}", i + 1, i, because);
                checkpoint.ItemsDone.Should().BeGreaterThanOrEqualTo(previous.ItemsDone, "item totals never shrink {0}", because);
                checkpoint.UpdatedAt.Should().BeOnOrAfter(previous.UpdatedAt, "time never runs backward {0}", because);
            }
        }
    }

    public static int Cursor(Checkpoint checkpoint) => int.Parse(checkpoint.Cursor, NumberStyles.Integer, CultureInfo.InvariantCulture);
}
