using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Net;

namespace ElasticCompute.DevCluster.Server.Hosting;

/// <summary>Where the API listens, as <c>--listen</c> takes it: an IP address or localhost, then a port (0 or none: a free one).</summary>
public static class ListenAddress
{
    public const string Rule = "host:port, the host an IP address or localhost and the port 0-65535 (0 picks a free port), for example 127.0.0.1:6443";

    public static bool TryParse(string? text, [NotNullWhen(true)] out IPEndPoint? endpoint)
    {
        endpoint = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        // "[::1]:6443" and "127.0.0.1:6443" carry a port; "127.0.0.1" and a bare "::1" do not.
        string host;
        string? portText = null;
        if (text.StartsWith('['))
        {
            var close = text.IndexOf(']', StringComparison.Ordinal);
            if (close < 0 || (close + 1 < text.Length && text[close + 1] != ':'))
            {
                return false;
            }

            host = text[1..close];
            portText = close + 1 < text.Length ? text[(close + 2)..] : null;
        }
        else if (text.IndexOf(':', StringComparison.Ordinal) is var colon and > 0 && colon == text.LastIndexOf(':'))
        {
            (host, portText) = (text[..colon], text[(colon + 1)..]);
        }
        else
        {
            host = text;
        }

        var port = 0;
        if (portText is not null && !int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out port))
        {
            return false;
        }

        var address = host is "localhost" ? IPAddress.Loopback : IPAddress.TryParse(host, out var parsed) ? parsed : null;
        if (address is null || port > IPEndPoint.MaxPort)
        {
            return false;
        }

        endpoint = new IPEndPoint(address, port);
        return true;
    }

    public static IPEndPoint Parse(string text) =>
        TryParse(text, out var endpoint) ? endpoint : throw new FormatException($"listen address '{text}' is not {Rule}");
}
