namespace ElasticCompute.DevCluster.Tests.Guests;

/// <summary>One devcluster with real guests for every test that needs one, its tests one after another (two cores).</summary>
[CollectionDefinition(Name)]
public sealed class RealGuests : ICollectionFixture<GuestClusterFixture>
{
    public const string Name = "real guests";
}
