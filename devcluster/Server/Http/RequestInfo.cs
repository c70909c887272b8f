namespace ElasticCompute.DevCluster.Server.Http;

/// <summary>A resource request path, taken apart: /api/v1/namespaces/{ns}/{resource}/{name}/{subresource} and the /apis/{group}/{version} form.</summary>
public sealed record RequestInfo(string Group, string Version, string Namespace, string Resource, string? Name, string? Subresource, bool LegacyWatch)
{
    /// <summary>Parses the segments after /api or /apis; null when the path is not a resource path.</summary>
    public static RequestInfo? Parse(string path)
    {
        var segments = path.Trim('/').Split('/');
        int index;
        string group, version;
        if (segments[0] == "api" && segments.Length >= 3)
        {
            (group, version, index) = (string.Empty, segments[1], 2);
        }
        else if (segments[0] == "apis" && segments.Length >= 4)
        {
            (group, version, index) = (segments[1], segments[2], 3);
        }
        else
        {
            return null;
        }

        var rest = segments[index..];
        var legacyWatch = false;
        if (rest[0] == "watch")
        {
            legacyWatch = true;
            rest = rest[1..];
            if (rest.Length == 0)
            {
                return null;
            }
        }

        // namespaces/{ns}/{resource}... unless it is the namespaces resource itself (or its status/finalize subresources).
        if (rest[0] == "namespaces" && rest.Length >= 3 && !(rest.Length == 3 && rest[2] is "status" or "finalize"))
        {
            return new RequestInfo(group, version, rest[1], rest[2], At(rest, 3), At(rest, 4), legacyWatch) { Extra = rest.Length > 5 };
        }

        return new RequestInfo(group, version, string.Empty, rest[0], At(rest, 1), At(rest, 2), legacyWatch) { Extra = rest.Length > 3 };
    }

    /// <summary>More segments than a resource path has: not a valid path.</summary>
    public bool Extra { get; init; }

    private static string? At(string[] parts, int i) => i < parts.Length && parts[i].Length > 0 ? Uri.UnescapeDataString(parts[i]) : null;
}
