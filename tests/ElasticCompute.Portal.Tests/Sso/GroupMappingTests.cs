using ElasticCompute.Portal.SingleSignOn;

namespace ElasticCompute.Portal.Tests.Sso;

/// <summary>The provider's groups as the portal's admin role and tenants.</summary>
public sealed class GroupMappingTests
{
    private static readonly SsoOptions Options = new()
    {
        Authority = new Uri("https://idp.example.com/"),
        ClientId = "portal",
        AdminGroup = "platform-admins",
        TenantGroups = new Dictionary<string, string>(StringComparer.Ordinal) { ["Engineering EU"] = "team-b", ["bad"] = "Not_A_Namespace" },
    };

    [Fact]
    public void A_group_named_by_the_prefix_gives_its_tenant()
    {
        var membership = new GroupMapping(Options).Map(["elasticcompute:tenant:team-a", "staff"]);

        Assert.False(membership.IsAdmin);
        Assert.Equal(["team-a"], membership.Tenants);
    }

    [Fact]
    public void An_explicit_mapping_and_the_prefix_add_up_in_name_order_once_each()
    {
        var membership = new GroupMapping(Options).Map(["elasticcompute:tenant:team-c", "Engineering EU", "elasticcompute:tenant:team-b"]);

        Assert.Equal(["team-b", "team-c"], membership.Tenants);
    }

    [Fact]
    public void The_admin_group_makes_an_admin_by_its_exact_name()
    {
        Assert.True(new GroupMapping(Options).Map(["platform-admins"]).IsAdmin);
        Assert.False(new GroupMapping(Options).Map(["Platform-Admins", "platform-admins-old"]).IsAdmin);
        Assert.False(new GroupMapping(Options with { AdminGroup = null }).Map(["platform-admins"]).IsAdmin);
    }

    [Theory]
    [InlineData("elasticcompute:tenant:")]
    [InlineData("elasticcompute:tenant:Team-A")]
    [InlineData("elasticcompute:tenant:team-a/../kube-system")]
    [InlineData("bad")]
    [InlineData("ELASTICCOMPUTE:TENANT:team-a")]
    public void A_group_that_cannot_name_a_namespace_gives_nothing(string group)
    {
        var membership = new GroupMapping(Options).Map([group]);

        Assert.True(membership.GivesNothing);
    }

    [Fact]
    public void An_empty_prefix_turns_the_prefix_rule_off()
    {
        var membership = new GroupMapping(Options with { TenantGroupPrefix = string.Empty }).Map(["elasticcompute:tenant:team-a", "team-a"]);

        Assert.True(membership.GivesNothing);
    }

    [Fact]
    public void No_groups_give_nothing()
    {
        Assert.True(new GroupMapping(Options).Map([]).GivesNothing);
    }
}
