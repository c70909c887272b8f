using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using ElasticCompute.Operator.Webhooks.Tls;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace ElasticCompute.Operator.Tests.Webhooks.Tls;

/// <summary>The caBundle written into webhook configurations served by devcluster.</summary>
public sealed class CaBundleInjectorTests(TlsClusterFixture cluster) : IClassFixture<TlsClusterFixture>
{
    private readonly FakeTimeProvider time = new(DateTimeOffset.UtcNow);

    private IKubernetes Client => cluster.Client;

    [Fact]
    public async Task Every_webhook_of_a_mutating_and_a_validating_configuration_gets_the_bundle_and_an_unchanged_bundle_writes_nothing()
    {
        var id = Guid.NewGuid().ToString("n")[..8];
        await Client.AdmissionregistrationV1.CreateMutatingWebhookConfigurationAsync(Mutating($"m-{id}", "default.elasticcompute.io", "second.elasticcompute.io"));
        await Client.AdmissionregistrationV1.CreateValidatingWebhookConfigurationAsync(Validating($"v-{id}", "validate.elasticcompute.io"));
        var log = new ListLogger();
        var injector = new CaBundleInjector(Client, [$"m-{id}"], [$"v-{id}"], time, log);
        using var ca = CertificateAuthority.Create(time);

        Assert.Equal(3, await injector.InjectAsync(ca.CertificatePem, CancellationToken.None));

        var mutating = await Client.AdmissionregistrationV1.ReadMutatingWebhookConfigurationAsync($"m-{id}");
        var validating = await Client.AdmissionregistrationV1.ReadValidatingWebhookConfigurationAsync($"v-{id}");
        Assert.All(mutating.Webhooks, w => Assert.Equal(ca.CertificatePem, Encoding.UTF8.GetString(w.ClientConfig.CaBundle)));
        Assert.All(validating.Webhooks, w => Assert.Equal(ca.CertificatePem, Encoding.UTF8.GetString(w.ClientConfig.CaBundle)));
        Assert.Equal(["default.elasticcompute.io", "second.elasticcompute.io"], mutating.Webhooks.Select(w => w.Name));
        Assert.All(mutating.Webhooks, w => Assert.Equal("https://127.0.0.1:1/mutate", w.ClientConfig.Url));
        Assert.True(log.Has(LogLevel.Information, $"wrote the caBundle into 2 webhook(s) of MutatingWebhookConfiguration m-{id}"), log.Dump());

        // Same bundle again: no write at all.
        Assert.Equal(0, await injector.InjectAsync(ca.CertificatePem, CancellationToken.None));
        Assert.Equal(mutating.Metadata.ResourceVersion, (await Client.AdmissionregistrationV1.ReadMutatingWebhookConfigurationAsync($"m-{id}")).Metadata.ResourceVersion);
        Assert.Equal(validating.Metadata.ResourceVersion, (await Client.AdmissionregistrationV1.ReadValidatingWebhookConfigurationAsync($"v-{id}")).Metadata.ResourceVersion);

        // A new bundle (a CA renewal) replaces the old one everywhere.
        using var next = CertificateAuthority.Create(time);
        var bundle = next.CertificatePem + "\n" + ca.CertificatePem;
        Assert.Equal(3, await injector.InjectAsync(bundle, CancellationToken.None));
        Assert.All((await Client.AdmissionregistrationV1.ReadValidatingWebhookConfigurationAsync($"v-{id}")).Webhooks, w => Assert.Equal(bundle, Encoding.UTF8.GetString(w.ClientConfig.CaBundle)));
    }

    [Fact]
    public async Task Only_the_webhooks_that_differ_are_written()
    {
        var id = Guid.NewGuid().ToString("n")[..8];
        using var ca = CertificateAuthority.Create(time);
        var configuration = Validating($"v-{id}", "a.elasticcompute.io", "b.elasticcompute.io");
        configuration.Webhooks[1].ClientConfig.CaBundle = Encoding.UTF8.GetBytes(ca.CertificatePem);
        await Client.AdmissionregistrationV1.CreateValidatingWebhookConfigurationAsync(configuration);

        var injector = new CaBundleInjector(Client, [], [$"v-{id}"], time, new ListLogger());

        Assert.Equal(1, await injector.InjectAsync(ca.CertificatePem, CancellationToken.None));
        Assert.All((await Client.AdmissionregistrationV1.ReadValidatingWebhookConfigurationAsync($"v-{id}")).Webhooks, w => Assert.Equal(ca.CertificatePem, Encoding.UTF8.GetString(w.ClientConfig.CaBundle)));
    }

    [Fact]
    public async Task A_missing_configuration_is_nothing_to_do()
    {
        var log = new ListLogger();
        var injector = new CaBundleInjector(Client, ["absent-mutating"], ["absent-validating"], time, log);
        using var ca = CertificateAuthority.Create(time);

        Assert.Equal(0, await injector.InjectAsync(ca.CertificatePem, CancellationToken.None));
        Assert.True(log.Has(LogLevel.Information, "MutatingWebhookConfiguration absent-mutating not found"), log.Dump());
        Assert.True(log.Has(LogLevel.Information, "ValidatingWebhookConfiguration absent-validating not found"), log.Dump());
    }

    [Fact]
    public async Task Running_it_injects_at_start_and_after_every_change()
    {
        var id = Guid.NewGuid().ToString("n")[..8];
        await Client.AdmissionregistrationV1.CreateMutatingWebhookConfigurationAsync(Mutating($"m-{id}", "default.elasticcompute.io"));
        using var first = CertificateAuthority.Create(time);
        using var second = CertificateAuthority.Create(time);
        var source = new StubCertificateSource(first.CertificatePem);
        var injector = new CaBundleInjector(Client, [$"m-{id}"], [], time, new ListLogger());
        using var stop = new CancellationTokenSource();
        var running = injector.RunAsync(source, stop.Token);

        await BundleIsAsync($"m-{id}", first.CertificatePem);
        source.Set(second.CertificatePem);
        await BundleIsAsync($"m-{id}", second.CertificatePem);

        // Someone re-applies the configuration without a caBundle: the next resync puts it back.
        var configuration = await Client.AdmissionregistrationV1.ReadMutatingWebhookConfigurationAsync($"m-{id}");
        configuration.Webhooks[0].ClientConfig.CaBundle = null;
        await Client.AdmissionregistrationV1.ReplaceMutatingWebhookConfigurationAsync(configuration, $"m-{id}");
        await BundleIsAsync($"m-{id}", second.CertificatePem, advance: injector.ResyncInterval);

        await stop.CancelAsync();
        await running;
    }

    [Fact]
    public async Task Devcluster_calls_the_webhook_over_TLS_once_the_bundle_is_injected()
    {
        var ns = await cluster.NamespaceAsync();
        var id = Guid.NewGuid().ToString("n")[..8];

        // devcluster checks the certificate against the real clock.
        using var source = new SelfManagedCertificates(cluster.Client, new SelfManagedCertificateOptions { Namespace = ns, Names = ServingNames.ForLocalhost() }, TimeProvider.System, new ListLogger());
        await source.SyncAsync(CancellationToken.None);
        await using var server = await TlsTestServer.StartAsync(source, app => app.MapPost("/validate", async (HttpContext context) =>
        {
            var review = (await JsonNode.ParseAsync(context.Request.Body))!;
            return Results.Json(new JsonObject
            {
                ["apiVersion"] = "admission.k8s.io/v1",
                ["kind"] = "AdmissionReview",
                ["response"] = new JsonObject { ["uid"] = (string?)review["request"]!["uid"], ["allowed"] = true },
            });
        }));

        var configuration = Validating($"e2e-{id}", "e2e.elasticcompute.io");
        var webhook = configuration.Webhooks[0];
        webhook.ClientConfig.Url = new Uri(server.Url, "/validate").ToString();
        webhook.Rules = [new V1RuleWithOperations { ApiGroups = [""], ApiVersions = ["v1"], Operations = ["CREATE"], Resources = ["configmaps"] }];
        webhook.ObjectSelector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["tls-e2e"] = id } };
        await Client.AdmissionregistrationV1.CreateValidatingWebhookConfigurationAsync(configuration);
        try
        {
            // No caBundle: the API server trusts only the system roots, which never signed our CA.
            var refused = await Assert.ThrowsAsync<HttpOperationException>(() => Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("before", id), ns));
            Assert.Contains("x509: certificate signed by unknown authority", refused.Response.Content, StringComparison.Ordinal);

            var injector = new CaBundleInjector(Client, [], [$"e2e-{id}"], time, new ListLogger());
            Assert.Equal(1, await injector.InjectAsync(source.CaBundle, CancellationToken.None));
            var calls = server.Requests;
            await Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("after", id), ns);
            Assert.True(server.Requests > calls, "devcluster did not call the webhook");
        }
        finally
        {
            await Client.AdmissionregistrationV1.DeleteValidatingWebhookConfigurationAsync($"e2e-{id}");
        }
    }

    private static V1ConfigMap ConfigMap(string name, string id) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, Labels = new Dictionary<string, string> { ["tls-e2e"] = id } },
        Data = new Dictionary<string, string> { ["a"] = "b" },
    };

    private static V1MutatingWebhookConfiguration Mutating(string name, params string[] webhooks) => new()
    {
        Metadata = new V1ObjectMeta { Name = name },
        Webhooks = [.. webhooks.Select(w => new V1MutatingWebhook
        {
            Name = w,
            ClientConfig = new Admissionregistrationv1WebhookClientConfig { Url = "https://127.0.0.1:1/mutate" },
            Rules = [NothingRule()],
            SideEffects = "None",
            AdmissionReviewVersions = ["v1"],
        })],
    };

    private static V1ValidatingWebhookConfiguration Validating(string name, params string[] webhooks) => new()
    {
        Metadata = new V1ObjectMeta { Name = name },
        Webhooks = [.. webhooks.Select(w => new V1ValidatingWebhook
        {
            Name = w,
            ClientConfig = new Admissionregistrationv1WebhookClientConfig { Url = "https://127.0.0.1:1/validate" },
            Rules = [NothingRule()],
            SideEffects = "None",
            AdmissionReviewVersions = ["v1"],
            FailurePolicy = "Fail",
            TimeoutSeconds = 5,
        })],
    };

    /// <summary>A rule no request matches, so these configurations never get in the other tests' way.</summary>
    private static V1RuleWithOperations NothingRule() => new() { ApiGroups = ["tls.test.example"], ApiVersions = ["v1"], Operations = ["CREATE"], Resources = ["nothings"] };

    private async Task BundleIsAsync(string name, string pem, TimeSpan? advance = null)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        string? last = null;
        while (DateTime.UtcNow < deadline)
        {
            var configuration = await Client.AdmissionregistrationV1.ReadMutatingWebhookConfigurationAsync(name);
            last = configuration.Webhooks[0].ClientConfig.CaBundle is { } b ? Encoding.UTF8.GetString(b) : null;
            if (last == pem)
            {
                return;
            }

            if (advance is { } step)
            {
                time.Advance(step);
            }

            await Task.Delay(20);
        }

        Assert.Fail($"the caBundle of {name} never became the expected one; last: {last ?? "(none)"}");
    }
}
