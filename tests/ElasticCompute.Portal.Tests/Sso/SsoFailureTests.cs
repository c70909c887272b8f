using ElasticCompute.Portal.SingleSignOn;
using Microsoft.AspNetCore.Authentication;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace ElasticCompute.Portal.Tests.Sso;

/// <summary>What went wrong with the provider, as the code the sign-in page puts in words.</summary>
public sealed class SsoFailureTests
{
    private static readonly SsoOptions Options = new() { Authority = new Uri("https://idp.example.com/"), ClientId = "portal", DisplayName = "Acme" };

    public static TheoryData<Exception, string> Failures() => new()
    {
        { Protocol("access_denied"), SsoFailure.Denied },
        { Protocol("invalid_client"), SsoFailure.Client },
        { Protocol("unauthorized_client"), SsoFailure.Client },
        { Protocol("invalid_scope"), SsoFailure.Refused },
        { new OpenIdConnectProtocolInvalidNonceException("IDX21323"), SsoFailure.Expired },
        { new AuthenticationFailureException("Correlation failed."), SsoFailure.Expired },
        { new AuthenticationFailureException("The oauth state was missing or invalid."), SsoFailure.Expired },
        { new AuthenticationFailureException("An error was encountered while handling the remote login.", new HttpRequestException("Connection refused")), SsoFailure.Unreachable },
        { new InvalidOperationException("IDX20803: Unable to obtain configuration from: 'https://idp.example.com/.well-known/openid-configuration'."), SsoFailure.Unreachable },
        { new TaskCanceledException("The request was canceled due to the configured HttpClient.Timeout"), SsoFailure.Unreachable },
    };

    [Theory]
    [MemberData(nameof(Failures))]
    public void A_failure_has_its_code(Exception failure, string code)
    {
        Assert.Equal(code, SsoFailure.CodeOf(failure));
        Assert.NotNull(SsoFailure.Message(code, null, Options));
    }

    [Fact]
    public void An_exception_that_is_not_the_providers_has_no_code_so_it_is_not_hidden()
    {
        Assert.Null(SsoFailure.CodeOf(new FormatException()));
        Assert.Null(SsoFailure.CodeOf(new InvalidOperationException("something else")));
    }

    [Fact]
    public void The_providers_error_code_is_shown_only_when_it_is_letters_and_underscores()
    {
        Assert.Equal("access_denied", SsoFailure.ErrorOf(Protocol("access_denied")));
        Assert.Null(SsoFailure.ErrorOf(Protocol("<script>")));
        Assert.Null(SsoFailure.ErrorOf("a b"));
        Assert.Equal(
            "Acme refused the portal itself (error invalid_client): the portal's client id or client secret does not match what is registered there. Nothing is wrong with your account; an admin must fix --oidc-client-id or the client secret.",
            SsoFailure.Message(SsoFailure.Client, "invalid_client", Options));
        Assert.Null(SsoFailure.Message("made-up", null, Options));
    }

    private static OpenIdConnectProtocolException Protocol(string error)
    {
        var e = new OpenIdConnectProtocolException($"Message contains error: '{error}'");
        e.Data["error"] = error;
        return e;
    }
}
