namespace ElasticCompute.Portal.Tests.Support;

/// <summary>The browser tests share one product (cluster, operator, portal, browser) and run one class at a time.</summary>
[CollectionDefinition(Name)]
public sealed class PortalTests : ICollectionFixture<PortalFixture>
{
    public const string Name = "portal";
}
