using ElasticCompute.DevCluster.Server.Schema;

namespace ElasticCompute.DevCluster.Tests.Schema;

public sealed class QuantityTests
{
    [Theory]
    [InlineData("4Gi", "4294967296")]
    [InlineData("1536Mi", "1610612736")]
    [InlineData("1500m", "1.5")]
    [InlineData("2k", "2000")]
    [InlineData("1e3", "1000")]
    [InlineData("1E3", "1000")]
    [InlineData("1E", "1000000000000000000")]
    [InlineData("+.5", "0.5")]
    [InlineData("-1", "-1")]
    [InlineData("100n", "0.0000001")]
    [InlineData("80", "80")]
    public void Parses_kubernetes_quantities(string text, string value)
    {
        Assert.True(Quantity.TryParse(text, out var quantity));
        Assert.Equal(decimal.Parse(value, System.Globalization.CultureInfo.InvariantCulture), quantity.Value);
    }

    [Theory]
    [InlineData("")]
    [InlineData("4GB")]
    [InlineData("Gi")]
    [InlineData("1.2.3")]
    [InlineData("4 Gi")]
    [InlineData("1e99")]
    public void Refuses_what_is_not_a_quantity(string text) => Assert.False(Quantity.TryParse(text, out _));
}
