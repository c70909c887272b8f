using System.Net;

namespace ElasticCompute.Portal.Hosting;

/// <summary>"host:port" as the portal's --listen takes it: an IP address or localhost, and a port (0 picks a free one).</summary>
public static class ListenEndpoint
{
    public const string Rule = "host:port with an IP address or localhost and a port from 0 to 65535, for example 127.0.0.1:8080 or 0.0.0.0:8080";

    public static bool TryParse(string? value, out IPEndPoint endpoint)
    {
        endpoint = null!;
        if (string.IsNullOrWhiteSpace(value))
        {
            return false;
        }

        var text = value.StartsWith("localhost:", StringComparison.OrdinalIgnoreCase) ? "127.0.0.1" + value["localhost".Length..] : value;

        // The port must be written: IPEndPoint reads "::1" and "[::1]" as port 0, which would listen on a random port.
        var colon = text.LastIndexOf(':');
        var hasPort = colon > 0 && (text[0] == '[' ? text[colon - 1] == ']' : text.IndexOf(':', StringComparison.Ordinal) == colon);
        if (!hasPort || !IPEndPoint.TryParse(text, out var parsed))
        {
            return false;
        }

        endpoint = parsed;
        return true;
    }
}
