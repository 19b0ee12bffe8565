using ResumableJobs;
using SimInventorySync.Console;

namespace SimInventorySync.Tests.Display;

public sealed class ProgressTextTests
{
    [Theory]
    [InlineData(
        "fetch: GET http://127.0.0.1:4000/rws/api/v1/devices?modifiedSince=2000-01-01T00%3A00%3A00Z&pageSize=50&pageNumber=107: HTTP 400 Bad Request, rate limit exceeded",
        "fetch: GET …/devices?pageNumber=107: HTTP 400 Bad Request, rate limit exceeded")]
    [InlineData(
        "fetch: GET http://127.0.0.1:4000/v1/Sims?PageSize=100&Page=7&PageToken=PAHS72ce: HTTP 429 Too Many Requests",
        "fetch: GET …/Sims?Page=7: HTTP 429 Too Many Requests")]
    [InlineData("fetch: GET http://carrier.test/v1/Sims timed out after 30 s", "fetch: GET …/Sims timed out after 30 s")]
    [InlineData("no url here", "no url here")]
    public void Page_urls_are_shortened_to_the_page_they_name(string error, string shown)
    {
        ProgressText.CompactUrls(error).Should().Be(shown);
    }

    [Fact]
    public void A_long_error_is_cut_to_the_width_with_an_ellipsis()
    {
        var progress = new SyncProgress
        {
            JobId = "j",
            State = JobState.Retrying,
            PagesDone = 1,
            ItemsDone = 50,
            PagesThisRun = 1,
            ItemsThisRun = 50,
            Cursor = "c",
            Elapsed = TimeSpan.FromSeconds(65),
            ItemsPerSecond = 12.5,
            LastError = new string('x', 100) + "\nsecond line",
            Timestamp = DateTimeOffset.UnixEpoch,
        };

        ProgressText.LastError(progress, 40).Should().HaveLength(40).And.EndWith("…").And.NotContain("\n");
        ProgressText.Duration(progress.Elapsed).Should().Be("1:05");
        ProgressText.Eta(progress).Should().Be("ETA --:--");
    }
}
