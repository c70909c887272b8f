using System.Net;
using ElasticCompute.DevCluster.Server.Hosting;

namespace ElasticCompute.DevCluster.Tests.Command;

public sealed class ListenAddressTests
{
    [Theory]
    [InlineData("127.0.0.1:6443", "127.0.0.1", 6443)]
    [InlineData("0.0.0.0:0", "0.0.0.0", 0)]
    [InlineData("localhost:8080", "127.0.0.1", 8080)]
    [InlineData("127.0.0.1", "127.0.0.1", 0)]
    [InlineData("[::1]:6443", "::1", 6443)]
    [InlineData("[::1]", "::1", 0)]
    [InlineData("::1", "::1", 0)]
    public void Takes_a_host_with_or_without_a_port(string text, string host, int port)
    {
        Assert.True(ListenAddress.TryParse(text, out var endpoint));
        Assert.Equal(new IPEndPoint(IPAddress.Parse(host), port), endpoint);
    }

    [Theory]
    [InlineData("")]
    [InlineData("nonsense")]
    [InlineData("example.com:6443")]
    [InlineData("127.0.0.1:65536")]
    [InlineData("127.0.0.1:-1")]
    [InlineData("127.0.0.1:port")]
    [InlineData(":6443")]
    [InlineData("[::1")]
    [InlineData("[::1]6443")]
    public void Refuses_anything_else(string text)
    {
        Assert.False(ListenAddress.TryParse(text, out _));
        var error = Assert.Throws<FormatException>(() => ListenAddress.Parse(text));
        Assert.Contains(ListenAddress.Rule, error.Message, StringComparison.Ordinal);
    }
}
