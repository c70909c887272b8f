namespace ElasticCompute.Portal.Consoles;

/// <summary>
/// Which of a VMI's consoles: the serial console (KubeVirt's <c>console</c> subresource, the portal's console page) or
/// the graphical one (<c>vnc</c>, the display page). Both are raw byte streams in binary frames, one viewer each.
/// </summary>
internal sealed record ConsoleKind(string Subresource, string Page)
{
    public static readonly ConsoleKind Serial = new("console", "console");

    public static readonly ConsoleKind Display = new("vnc", "display");

    /// <summary>The kind a page segment of the portal's addresses names (the route allows only these two).</summary>
    public static ConsoleKind OfPage(string page) => page == Display.Page ? Display : Serial;
}
