namespace SimInventorySync.Carriers.SuperSim;

/// <summary>
/// Where a Super SIM "Sims" page starts: the path and query of the page URL, exactly as the previous page's
/// <c>next_page_url</c> gave it (its opaque PageToken included). The origin is left out, checked to be the
/// carrier's own, so that a checkpoint stays valid when the carrier is reached at another address.
/// </summary>
/// <param name="PageUrl">The path and query, starting with '/'.</param>
internal sealed record SuperSimCursor(string PageUrl);
