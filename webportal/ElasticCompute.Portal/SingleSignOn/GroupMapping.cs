using ElasticCompute.Api.Schema;

namespace ElasticCompute.Portal.SingleSignOn;

/// <summary>
/// The provider's groups as the portal's role and tenants: the admin group makes an admin; a group named
/// PREFIX + TENANT, or one mapped explicitly, puts its member in that tenant. A name that cannot be a namespace is
/// no tenant, so no group can point a user at something that is not one.
/// </summary>
internal sealed class GroupMapping(SsoOptions options)
{
    public SsoMembership Map(IEnumerable<string> groups)
    {
        ArgumentNullException.ThrowIfNull(groups);
        var admin = false;
        var tenants = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var group in groups)
        {
            admin |= options.AdminGroup is { Length: > 0 } adminGroup && string.Equals(group, adminGroup, StringComparison.Ordinal);
            if (options.TenantGroups.TryGetValue(group, out var mapped) && DnsNames.IsLabel(mapped))
            {
                tenants.Add(mapped);
            }

            if (options.TenantGroupPrefix.Length > 0 && group.StartsWith(options.TenantGroupPrefix, StringComparison.Ordinal)
                && group[options.TenantGroupPrefix.Length..] is var tenant && DnsNames.IsLabel(tenant))
            {
                tenants.Add(tenant);
            }
        }

        return new SsoMembership(admin, [.. tenants]);
    }
}
