using ElasticCompute.Operator.Webhooks.Tls;

namespace ElasticCompute.Operator.Tests.Webhooks.Tls;

public sealed class SelfManagedCertificateOptionsTests
{
    private static readonly SelfManagedCertificateOptions Valid = new() { Namespace = "elasticcompute-system", Names = ServingNames.ForService("elasticcompute-webhook", "elasticcompute-system") };

    [Fact]
    public void The_defaults_are_valid() => Valid.Validate();

    [Fact]
    public void A_renewal_window_as_long_as_the_life_is_refused()
    {
        Assert.Throws<ArgumentException>(() => (Valid with { RenewBefore = TimeSpan.FromDays(365) }).Validate());
        Assert.Throws<ArgumentException>(() => (Valid with { CaRenewBefore = TimeSpan.FromDays(4000) }).Validate());
        Assert.Throws<ArgumentException>(() => (Valid with { PollInterval = TimeSpan.Zero }).Validate());
        Assert.Throws<ArgumentException>(() => (Valid with { Namespace = "" }).Validate());
        (Valid with { RenewBefore = TimeSpan.FromDays(30), CaRenewBefore = TimeSpan.FromDays(365) }).Validate();
    }
}
