using System.Text.RegularExpressions;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace ElasticCompute.Portal.SingleSignOn;

/// <summary>
/// Why a sign-in through the provider did not happen, as a short code the sign-in page turns into words: the code
/// travels in the sign-in page's address, the exception (which may quote the provider) only to the log.
/// </summary>
internal static partial class SsoFailure
{
    public const string Denied = "denied";
    public const string Client = "client";
    public const string Unreachable = "unreachable";
    public const string Expired = "expired";
    public const string NoName = "name";
    public const string Refused = "refused";

    /// <summary>The code for an exception met on the way to or back from the provider; null when it is not the provider's doing.</summary>
    public static string? CodeOf(Exception? failure)
    {
        for (var e = failure; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case OpenIdConnectProtocolInvalidNonceException or OpenIdConnectProtocolInvalidStateException:
                    return Expired;
                case OpenIdConnectProtocolException protocol:
                    return ErrorOf(protocol) switch
                    {
                        "access_denied" or "login_required" or "consent_required" or "interaction_required" => Denied,
                        "invalid_client" or "unauthorized_client" => Client,
                        _ => Refused,
                    };
                case HttpRequestException or TimeoutException or TaskCanceledException or System.Net.Sockets.SocketException:
                    return Unreachable;
                case InvalidOperationException when e.Message.Contains("IDX20803", StringComparison.Ordinal):
                    // "Unable to obtain configuration": the discovery document could not be fetched or read.
                    return Unreachable;
                case Microsoft.AspNetCore.Authentication.AuthenticationFailureException when e.Message.Contains("Correlation", StringComparison.Ordinal)
                    || e.Message.Contains("state", StringComparison.OrdinalIgnoreCase):
                    return Expired;
                default:
                    break;
            }
        }

        return failure is Microsoft.AspNetCore.Authentication.AuthenticationFailureException ? Refused : null;
    }

    /// <summary>The OAuth error code the provider sent (letters and '_' only, so it can travel in an address), else null.</summary>
    public static string? ErrorOf(Exception? failure)
    {
        for (var e = failure; e is not null; e = e.InnerException)
        {
            if (ErrorOf(e.Data["error"] as string) is { } error)
            {
                return error;
            }
        }

        return null;
    }

    /// <summary>An OAuth error code as it may be shown (letters and '_'), else null.</summary>
    public static string? ErrorOf(string? error) => error is not null && ErrorCode().IsMatch(error) ? error : null;

    /// <summary>What the sign-in page says for <paramref name="code"/>; null for a code it does not know.</summary>
    public static string? Message(string? code, string? error, SsoOptions sso)
    {
        ArgumentNullException.ThrowIfNull(sso);
        var provider = sso.ProviderName;
        return code switch
        {
            Denied => $"{provider} did not sign you in: the sign-in was cancelled or refused there{Quoted(error)}. Try again, or ask an admin whether your account may use the portal.",
            Client => $"{provider} refused the portal itself{Quoted(error)}: the portal's client id or client secret does not match what is registered there. Nothing is wrong with your account; an admin must fix --oidc-client-id or the client secret.",
            Unreachable => $"{provider} could not be reached, so nobody can sign in with it just now. Try again in a moment; if it stays so, an admin must check that {sso.Authority} answers (its .well-known/openid-configuration).",
            Expired => $"The sign-in with {provider} was not finished in time in this browser (or it blocks cookies). Start it again.",
            NoName => $"{provider} sent no usable name for you (neither the {sso.NameClaim} claim nor sub). An admin must check the provider's claims.",
            Refused => $"{provider} refused the sign-in{Quoted(error)}. Try again; if it keeps happening, an admin must check the portal's client at {provider}.",
            _ => null,
        };
    }

    private static string Quoted(string? error) => error is null ? string.Empty : $" (error {error})";

    [GeneratedRegex("^[a-z_]{1,64}$", RegexOptions.CultureInvariant)]
    private static partial Regex ErrorCode();
}
