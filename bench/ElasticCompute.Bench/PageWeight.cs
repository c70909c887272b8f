using System.Globalization;

namespace ElasticCompute.Bench;

/// <summary>What a page load in chromium transferred: every response, and the sums the targets are about.</summary>
internal sealed record PageWeight(string Url, IReadOnlyList<PageResource> Resources)
{
    public long WireBytes => Resources.Sum(r => r.WireBytes);

    public long ScriptWireBytes => Resources.Where(r => r.IsScript).Sum(r => r.WireBytes);

    public static string KiB(long bytes) => (bytes / 1024.0).ToString("F1", CultureInfo.InvariantCulture) + " KiB";

    /// <summary>One line per response, for the run's log.</summary>
    public IEnumerable<string> Lines() =>
        Resources.Select(r =>
            $"    {r.Type,-11} {r.Status} {KiB(r.WireBytes),10} on the wire  {(r.ContentEncoding ?? "identity"),-8} Content-Length {(r.ContentLength is { } length ? length.ToString(CultureInfo.InvariantCulture) : "none (chunked)"),-15} {new Uri(r.Url).PathAndQuery}");
}
