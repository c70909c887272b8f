using ElasticCompute.Portal.Accounts;

namespace ElasticCompute.Portal.Tests.Accounts;

/// <summary>What the session cookie says of its user, and whether it still describes the stored account.</summary>
public sealed class PortalClaimsTests
{
    private static readonly PortalAccount Alice = new("alice", "hash", AccountRole.Member, ["team-a", "team-b"], 0, null, "stamp-1", []);

    [Fact]
    public void A_members_principal_carries_name_role_and_tenants()
    {
        var user = PortalClaims.For(Alice);

        Assert.True(user.Identity?.IsAuthenticated);
        Assert.Equal("alice", user.Name());
        Assert.False(user.IsAdmin());
        Assert.True(user.IsInRole(PortalClaims.MemberRole));
        Assert.Equal(["team-a", "team-b"], user.Tenants());
    }

    [Fact]
    public void An_admins_principal_is_in_the_admin_role()
    {
        var user = PortalClaims.For(Alice with { Role = AccountRole.Admin, Tenants = [] });

        Assert.True(user.IsAdmin());
        Assert.Empty(user.Tenants());
    }

    [Fact]
    public void The_principal_describes_its_account_until_the_stamp_role_or_tenants_change()
    {
        var user = PortalClaims.For(Alice);

        Assert.True(user.Describes(Alice));
        Assert.True(user.Describes(Alice with { FailedSignIns = 3 }));
        Assert.False(user.Describes(Alice with { Stamp = "stamp-2" }));
        Assert.False(user.Describes(Alice with { Role = AccountRole.Admin }));
        Assert.False(user.Describes(Alice with { Tenants = ["team-a"] }));
    }
}
