using System.Net;
using ElasticCompute.Portal.Hosting;

namespace ElasticCompute.Portal.Tests.Hosting;

/// <summary>The portal's --listen: an IP address or localhost, and a port.</summary>
public sealed class ListenEndpointTests
{
    [Theory]
    [InlineData("127.0.0.1:8080", "127.0.0.1", 8080)]
    [InlineData("localhost:0", "127.0.0.1", 0)]
    [InlineData("LOCALHOST:8443", "127.0.0.1", 8443)]
    [InlineData("[::1]:8080", "::1", 8080)]
    [InlineData("0.0.0.0:80", "0.0.0.0", 80)]
    [InlineData("[::]:65535", "::", 65535)]
    public void A_host_and_port_is_accepted(string text, string address, int port)
    {
        Assert.True(ListenEndpoint.TryParse(text, out var endpoint));
        Assert.Equal(new IPEndPoint(IPAddress.Parse(address), port), endpoint);
    }

    [Theory]
    [InlineData("8080")]
    [InlineData("host:80")]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(null)]
    [InlineData("127.0.0.1:99999")]
    [InlineData("127.0.0.1:")]
    [InlineData("127.0.0.1")]
    [InlineData("::1")]
    [InlineData("[::1]")]
    [InlineData("localhost")]
    public void Anything_else_is_refused(string? text) =>
        Assert.False(ListenEndpoint.TryParse(text, out _));
}
