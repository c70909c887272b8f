using System.CommandLine;

namespace ElasticCompute.Portal.SingleSignOn;

/// <summary>
/// The portal's single sign-on flags. The client secret is never a flag's value (it would show in the process list
/// and in shell history): it is read from a file (a mounted Secret) or from an environment variable.
/// </summary>
internal sealed class SsoFlags
{
    public const string SecretVariable = "ELASTICCOMPUTE_OIDC_CLIENT_SECRET";

    private readonly Option<bool> noBuiltIn = new("--no-builtin-accounts") { Description = "Switch the built-in accounts off: only the OpenID provider signs people in" };
    private readonly Option<string?> authority = new("--oidc-authority") { Description = "OpenID provider's issuer URL (https; http only on loopback); turns single sign-on on" };
    private readonly Option<string?> clientId = new("--oidc-client-id") { Description = "The portal's client id at the provider" };
    private readonly Option<FileInfo?> secretFile = new("--oidc-client-secret-file") { Description = $"File holding the client secret (else ${SecretVariable}; neither: a public client with PKCE)" };
    private readonly Option<string?> displayName = new("--oidc-display-name") { Description = "The provider's name on the sign-in button (default: the authority's host)" };
    private readonly Option<string> nameClaim = new("--oidc-name-claim") { Description = "Claim that names the user (sub when absent)", DefaultValueFactory = _ => SsoOptions.DefaultNameClaim };
    private readonly Option<string> groupsClaim = new("--oidc-groups-claim") { Description = "Claim listing the user's groups", DefaultValueFactory = _ => SsoOptions.DefaultGroupsClaim };
    private readonly Option<string?> adminGroup = new("--oidc-admin-group") { Description = "Members of this group are admins (default: none)" };
    private readonly Option<string> tenantPrefix = new("--oidc-tenant-prefix") { Description = "A group PREFIX+TENANT puts its members in TENANT; empty turns this off", DefaultValueFactory = _ => SsoOptions.DefaultTenantGroupPrefix };
    private readonly Option<string[]> tenantGroups = new("--oidc-tenant-group") { Description = "GROUP=TENANT: members of GROUP use TENANT (repeatable)", Arity = ArgumentArity.ZeroOrMore };
    private readonly Option<string[]> scopes = new("--oidc-scope") { Description = "A scope to ask for beside openid and profile, such as groups (repeatable)", Arity = ArgumentArity.ZeroOrMore };

    public void AddTo(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        foreach (var option in new Option[] { noBuiltIn, authority, clientId, secretFile, displayName, nameClaim, groupsClaim, adminGroup, tenantPrefix, tenantGroups, scopes })
        {
            command.Options.Add(option);
        }
    }

    public bool BuiltInAccounts(ParseResult parse) => !parse.GetValue(noBuiltIn);

    /// <summary>The single sign-on options, or null when off; <paramref name="problem"/> names the flag and the rule when they cannot work.</summary>
    public SsoOptions? Read(ParseResult parse, out string? problem)
    {
        ArgumentNullException.ThrowIfNull(parse);
        problem = null;
        if (parse.GetValue(authority) is not { Length: > 0 } url)
        {
            var stray = new Option[] { clientId, secretFile, displayName, adminGroup, tenantGroups, scopes }.FirstOrDefault(o => parse.GetResult(o) is { Implicit: false });
            problem = stray is null ? null : $"{stray.Name}: needs --oidc-authority";
            return null;
        }

        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            problem = $"--oidc-authority: '{url}' is not an absolute https URL";
            return null;
        }

        var mappings = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in parse.GetValue(tenantGroups) ?? [])
        {
            var at = pair.LastIndexOf('=');
            if (at <= 0 || at == pair.Length - 1)
            {
                problem = $"--oidc-tenant-group: '{pair}' is not GROUP=TENANT";
                return null;
            }

            mappings[pair[..at]] = pair[(at + 1)..];
        }

        string? secret;
        if (parse.GetValue(secretFile) is { } file)
        {
            try
            {
                secret = File.ReadAllText(file.FullName).Trim();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                problem = $"--oidc-client-secret-file: cannot read {file.FullName}: {e.Message}";
                return null;
            }

            if (secret.Length == 0)
            {
                problem = $"--oidc-client-secret-file: {file.FullName} is empty";
                return null;
            }
        }
        else
        {
            secret = Environment.GetEnvironmentVariable(SecretVariable) is { Length: > 0 } value ? value.Trim() : null;
        }

        var options = new SsoOptions
        {
            Authority = uri,
            ClientId = parse.GetValue(clientId) ?? string.Empty,
            ClientSecret = secret,
            DisplayName = parse.GetValue(displayName),
            NameClaim = parse.GetValue(nameClaim)!,
            GroupsClaim = parse.GetValue(groupsClaim)!,
            AdminGroup = parse.GetValue(adminGroup) is { Length: > 0 } admin ? admin : null,
            TenantGroupPrefix = parse.GetValue(tenantPrefix) ?? string.Empty,
            TenantGroups = mappings,
            ExtraScopes = parse.GetValue(scopes) ?? [],
        };
        problem = options.Problem();
        return problem is null ? options : null;
    }
}
