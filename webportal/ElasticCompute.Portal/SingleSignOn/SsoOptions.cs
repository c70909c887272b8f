namespace ElasticCompute.Portal.SingleSignOn;

/// <summary>
/// Single sign-on through an OpenID provider: who the portal is to it, which claims name the user and list their
/// groups, and how groups become the portal's admin role and tenants. The client secret never reaches a log: this
/// record's text leaves it out.
/// </summary>
public sealed record SsoOptions
{
    public const string DefaultNameClaim = "preferred_username";
    public const string DefaultGroupsClaim = "groups";
    public const string DefaultTenantGroupPrefix = "elasticcompute:tenant:";

    /// <summary>The provider's issuer URL; its discovery document is AUTHORITY/.well-known/openid-configuration.</summary>
    public required Uri Authority { get; init; }

    public required string ClientId { get; init; }

    /// <summary>Null makes the portal a public client (PKCE alone proves the code is its own).</summary>
    public string? ClientSecret { get; init; }

    /// <summary>The provider's name on the sign-in button ("Sign in with ..."); the authority's host when not given.</summary>
    public string? DisplayName { get; init; }

    /// <summary>The claim that names the user; <c>sub</c> when the provider does not send it.</summary>
    public string NameClaim { get; init; } = DefaultNameClaim;

    /// <summary>The claim listing the user's groups (an array of strings, or one string).</summary>
    public string GroupsClaim { get; init; } = DefaultGroupsClaim;

    /// <summary>Members of this group are the portal's admins; null makes no admin through the provider.</summary>
    public string? AdminGroup { get; init; }

    /// <summary>A group named PREFIX + TENANT puts its members in TENANT; empty turns the prefix rule off.</summary>
    public string TenantGroupPrefix { get; init; } = DefaultTenantGroupPrefix;

    /// <summary>Explicit GROUP -> TENANT mappings, beside the prefix rule (for groups whose names the portal cannot choose).</summary>
    public IReadOnlyDictionary<string, string> TenantGroups { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Scopes asked for beside <c>openid profile</c>, such as <c>groups</c> where the provider releases groups only for it.</summary>
    public IReadOnlyList<string> ExtraScopes { get; init; } = [];

    /// <summary>What the sign-in button names.</summary>
    public string ProviderName => string.IsNullOrWhiteSpace(DisplayName) ? Authority.Host : DisplayName.Trim();

    /// <summary>Plain http is allowed only for a provider on this machine (tests, a port-forward).</summary>
    public bool OnLoopback => Authority.IsLoopback;

    /// <summary>Why these options cannot work, naming the flag and the rule; null when they can.</summary>
    public string? Problem()
    {
        if (!Authority.IsAbsoluteUri || (Authority.Scheme != Uri.UriSchemeHttps && Authority.Scheme != Uri.UriSchemeHttp))
        {
            return $"--oidc-authority: '{Authority}' is not an absolute https URL";
        }

        if (Authority.Scheme == Uri.UriSchemeHttp && !OnLoopback)
        {
            return $"--oidc-authority: '{Authority}' must use https (plain http only for a provider on loopback, such as http://127.0.0.1:PORT)";
        }

        if (string.IsNullOrWhiteSpace(ClientId))
        {
            return "--oidc-client-id: is required with --oidc-authority";
        }

        if (string.IsNullOrWhiteSpace(NameClaim))
        {
            return "--oidc-name-claim: must not be empty";
        }

        if (string.IsNullOrWhiteSpace(GroupsClaim))
        {
            return "--oidc-groups-claim: must not be empty";
        }

        foreach (var (group, tenant) in TenantGroups)
        {
            if (string.IsNullOrWhiteSpace(group) || !Api.Schema.DnsNames.IsLabel(tenant))
            {
                return $"--oidc-tenant-group: '{group}={tenant}' must be GROUP=TENANT with a tenant name of lower-case letters, digits and '-'";
            }
        }

        return null;
    }

    // The generated text would print the secret.
    public override string ToString() =>
        $"SsoOptions {{ Authority = {Authority}, ClientId = {ClientId}, ClientSecret = {(ClientSecret is null ? "none" : "(hidden)")}, " +
        $"NameClaim = {NameClaim}, GroupsClaim = {GroupsClaim}, AdminGroup = {AdminGroup}, TenantGroupPrefix = {TenantGroupPrefix} }}";
}
