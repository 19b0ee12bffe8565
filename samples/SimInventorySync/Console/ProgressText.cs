using System.Globalization;
using System.Text.RegularExpressions;
using ResumableJobs;

namespace SimInventorySync.Console;

/// <summary>The words of the progress display, shared by the live display and the plain lines.</summary>
internal static partial class ProgressText
{
    public static string Sims(SyncProgress p) => p.TotalItems is { } total
        ? string.Create(CultureInfo.InvariantCulture, $"{p.ItemsDone:N0}/~{total:N0} SIMs ({p.FractionDone:P0})")
        : string.Create(CultureInfo.InvariantCulture, $"{p.ItemsDone:N0} SIMs");

    public static string Pages(SyncProgress p) => string.Create(CultureInfo.InvariantCulture, $"page {p.PagesDone:N0}");

    public static string Rate(SyncProgress p) => string.Create(CultureInfo.InvariantCulture, $"{p.ItemsPerSecond:N0} SIMs/s");

    public static string Eta(SyncProgress p) => p.EstimatedTimeRemaining is { } eta ? "ETA " + Duration(eta) : "ETA --:--";

    public static string Elapsed(SyncProgress p) => "elapsed " + Duration(p.Elapsed);

    public static string Retries(ProgressState state) => string.Create(
        CultureInfo.InvariantCulture,
        $"retries {state.Retries:N0} (throttled {state.Statistics.Throttled:N0}, other faults {state.Statistics.TransientFaults:N0})");

    public static string? Waiting(SyncProgress p) => p.State == JobState.Retrying
        ? string.Create(CultureInfo.InvariantCulture, $"retry {p.RetryAttempt} of {p.RetryingOperation} in {p.RetryDelay?.TotalSeconds ?? 0:0.0} s")
        : null;

    public static string LastError(SyncProgress p, int maxLength)
    {
        var text = p.LastError ?? "none";
        text = CompactUrls(text.ReplaceLineEndings(" "));
        return text.Length <= maxLength ? text : string.Concat(text.AsSpan(0, Math.Max(0, maxLength - 1)), "…");
    }

    /// <summary>
    /// Shortens the page URLs in an error for a one-line display: the carrier is in the title, so its last path
    /// segment and page number say which page (errors themselves keep the full URL).
    /// </summary>
    public static string CompactUrls(string text) => PageUrl().Replace(text, static match =>
    {
        if (!Uri.TryCreate(match.Value, UriKind.Absolute, out var url))
        {
            return match.Value;
        }

        var segment = url.Segments.Length > 0 ? url.Segments[^1] : url.AbsolutePath;
        var page = System.Web.HttpUtility.ParseQueryString(url.Query) is var query && (query["pageNumber"] ?? query["Page"]) is { } number
            ? $"?{(query["pageNumber"] is null ? "Page" : "pageNumber")}={number}"
            : string.Empty;
        return "…/" + segment + page;
    });

    public static string PlainLine(SyncProgress p, ProgressState state)
    {
        var waiting = Waiting(p) is { } w ? $" · {w}" : string.Empty;
        return $"[{Duration(p.Elapsed)}] {Pages(p)} · {Sims(p)} · {Rate(p)} · {Eta(p)} · {Retries(state)}{waiting} · last error: {LastError(p, 160)}";
    }

    public static string Duration(TimeSpan value) => value.TotalHours >= 1
        ? value.ToString(@"h\:mm\:ss", CultureInfo.InvariantCulture)
        : value.ToString(@"m\:ss", CultureInfo.InvariantCulture);

    [GeneratedRegex(@"https?://[^\s]+?(?=:\s|\s|$)")]
    private static partial Regex PageUrl();
}
