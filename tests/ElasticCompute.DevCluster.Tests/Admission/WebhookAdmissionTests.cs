using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using ElasticCompute.DevCluster.Server.Registry;
using Microsoft.Extensions.Time.Testing;
using static ElasticCompute.DevCluster.Tests.Admission.AdmissionCluster;

namespace ElasticCompute.DevCluster.Tests.Admission;

/// <summary>Admission webhooks end to end: a real HTTPS webhook, devcluster calling it, clients reading the outcome over HTTP.</summary>
public sealed class WebhookAdmissionTests(WebhookServerFixture fixture) : IClassFixture<WebhookServerFixture>
{
    private readonly WebhookServer hook = fixture.Server;

    [Fact]
    public async Task Mutating_webhook_adds_a_label_through_an_escaped_json_patch_path()
    {
        hook.Handle("mutate-owner", _ => Patch(new JsonObject { ["op"] = "add", ["path"] = "/metadata/labels/example.com~1owner", ["value"] = "alice" }));
        await using var cluster = await StartAsync();
        await cluster.MutatingAsync("owner", Hook("owner.example.com", hook.Url("mutate-owner"), hook.CaBundle, Rule(["CREATE"], ["configmaps"])));

        using var response = await cluster.CreateConfigMapAsync("default", "cm1", new JsonObject { ["app"] = "x" });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("alice", (string?)(await BodyAsync(response))["metadata"]!["labels"]!["example.com/owner"]);
        cluster.Registry.Catalog.TryGet(string.Empty, "v1", "configmaps", out var configMaps);
        Assert.Equal("alice", (string?)cluster.Registry.GetObject(configMaps, "default", "cm1")["metadata"]!["labels"]!["example.com/owner"]);

        var request = Assert.Single(hook.Requests("mutate-owner"));
        Assert.True(Guid.TryParse((string?)request["uid"], out _));
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"group":"","version":"v1","kind":"ConfigMap"}"""), request["kind"]));
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"group":"","version":"v1","resource":"configmaps"}"""), request["resource"]));
        Assert.True(JsonNode.DeepEquals(request["kind"], request["requestKind"]));
        Assert.True(JsonNode.DeepEquals(request["resource"], request["requestResource"]));
        Assert.Null(request["subResource"]);
        Assert.Equal("cm1", (string?)request["name"]);
        Assert.Equal("default", (string?)request["namespace"]);
        Assert.Equal("CREATE", (string?)request["operation"]);
        Assert.False(string.IsNullOrEmpty((string?)request["userInfo"]!["username"]));
        Assert.Equal("cm1", (string?)request["object"]!["metadata"]!["name"]);
        Assert.Null(request["oldObject"]);
        Assert.False((bool)request["dryRun"]!);
        Assert.Equal("CreateOptions", (string?)request["options"]!["kind"]);
        Assert.Equal("meta.k8s.io/v1", (string?)request["options"]!["apiVersion"]);
        Assert.Equal("?timeout=10s", (string?)request["_query"]);
    }

    [Fact]
    public async Task Validating_webhook_denial_is_the_status_kube_returns()
    {
        hook.Handle("deny-403", _ => new JsonObject
        {
            ["allowed"] = false,
            ["status"] = new JsonObject { ["code"] = 403, ["reason"] = "Forbidden", ["message"] = "configmaps named bad are not allowed" },
        });
        await using var cluster = await StartAsync();
        await cluster.ValidatingAsync("deny", Hook("deny.example.com", hook.Url("deny-403"), hook.CaBundle, Rule(["CREATE"], ["configmaps"])));

        using var response = await cluster.CreateConfigMapAsync("default", "bad");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var status = await BodyAsync(response);
        Assert.Equal("Status", (string?)status["kind"]);
        Assert.Equal("Failure", (string?)status["status"]);
        Assert.Equal("Forbidden", (string?)status["reason"]);
        Assert.Equal(403, (int)status["code"]!);
        Assert.Equal("admission webhook \"deny.example.com\" denied the request: configmaps named bad are not allowed", (string?)status["message"]);
        using var get = await cluster.SendAsync(HttpMethod.Get, "/api/v1/namespaces/default/configmaps/bad");
        Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
    }

    [Fact]
    public async Task Denial_without_code_or_message_is_a_400_without_explanation()
    {
        hook.Handle("deny-bare", _ => new JsonObject { ["allowed"] = false });
        await using var cluster = await StartAsync();
        await cluster.ValidatingAsync("bare", Hook("bare.example.com", hook.Url("deny-bare"), hook.CaBundle, Rule(["CREATE"], ["configmaps"])));

        using var response = await cluster.CreateConfigMapAsync("default", "cm");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("admission webhook \"bare.example.com\" denied the request without explanation", (string?)(await BodyAsync(response))["message"]);
    }

    [Fact]
    public async Task Webhook_warnings_reach_the_client_as_warning_headers()
    {
        hook.Handle("warn-mutate", _ => new JsonObject { ["allowed"] = true, ["warnings"] = new JsonArray("mutator says hi") });
        hook.Handle("warn-validate", _ => new JsonObject { ["allowed"] = true, ["warnings"] = new JsonArray("validator says \"careful\"") });
        await using var cluster = await StartAsync();
        await cluster.MutatingAsync("warn", Hook("warn-m.example.com", hook.Url("warn-mutate"), hook.CaBundle, Rule(["CREATE"], ["configmaps"])));
        await cluster.ValidatingAsync("warn", Hook("warn-v.example.com", hook.Url("warn-validate"), hook.CaBundle, Rule(["CREATE"], ["configmaps"])));

        using var response = await cluster.CreateConfigMapAsync("default", "cm");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var warnings = Warnings(response);
        Assert.Contains("299 - \"mutator says hi\"", warnings);
        Assert.Contains("299 - \"validator says \\\"careful\\\"\"", warnings);
    }

    [Fact]
    public async Task Rules_select_operations_and_resources_and_configuration_changes_apply_at_once()
    {
        hook.Handle("rules", _ => Allow());
        await using var cluster = await StartAsync();
        await cluster.ValidatingAsync("rules", Hook("rules.example.com", hook.Url("rules"), hook.CaBundle, Rule(["CREATE"], ["configmaps"])));

        using (var secret = await cluster.SendAsync(HttpMethod.Post, "/api/v1/namespaces/default/secrets", new JsonObject { ["metadata"] = new JsonObject { ["name"] = "s" } }))
        {
            Assert.Equal(HttpStatusCode.Created, secret.StatusCode);
        }

        using (var created = await cluster.CreateConfigMapAsync("default", "cm"))
        {
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }

        using (var updated = await cluster.SendAsync(HttpMethod.Put, "/api/v1/namespaces/default/configmaps/cm", ConfigMap("cm")))
        {
            Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        }

        using (var deleted = await cluster.SendAsync(HttpMethod.Delete, "/api/v1/namespaces/default/configmaps/cm"))
        {
            Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
        }

        var request = Assert.Single(hook.Requests("rules"));
        Assert.Equal("CREATE", (string?)request["operation"]);
        Assert.Equal("configmaps", (string?)request["resource"]!["resource"]);

        Assert.True(cluster.Registry.Catalog.TryGet("admissionregistration.k8s.io", "v1", "validatingwebhookconfigurations", out var configs));
        await cluster.Registry.DeleteAsync(configs, string.Empty, "rules", DeleteOptions.Default);
        using (var again = await cluster.CreateConfigMapAsync("default", "cm2"))
        {
            Assert.Equal(HttpStatusCode.Created, again.StatusCode);
        }

        Assert.Single(hook.Requests("rules"));
    }

    [Fact]
    public async Task Subresource_rules_match_only_their_subresource()
    {
        hook.Handle("status-only", _ => Allow());
        hook.Handle("main-only", _ => Allow());
        await using var cluster = await StartAsync();
        await cluster.ValidatingAsync("a-status", Hook("status.example.com", hook.Url("status-only"), hook.CaBundle, Rule(["UPDATE"], ["persistentvolumeclaims/status"])));
        await cluster.ValidatingAsync("b-main", Hook("main.example.com", hook.Url("main-only"), hook.CaBundle, Rule(["UPDATE"], ["*"])));
        Assert.True(cluster.Registry.Catalog.TryGet(string.Empty, "v1", "persistentvolumeclaims", out var pvcs));
        var pvc = new JsonObject
        {
            ["metadata"] = new JsonObject { ["name"] = "disk" },
            ["spec"] = new JsonObject { ["accessModes"] = new JsonArray("ReadWriteOnce"), ["resources"] = new JsonObject { ["requests"] = new JsonObject { ["storage"] = "1Gi" } } },
        };
        await cluster.Registry.CreateAsync(pvcs, "default", pvc, WriteOptions.Default);

        var live = cluster.Registry.GetObject(pvcs, "default", "disk");
        live["status"] = new JsonObject { ["phase"] = "Bound" };
        await cluster.Registry.UpdateAsync(pvcs, "default", "disk", live, "status", WriteOptions.Default);

        var statusRequest = Assert.Single(hook.Requests("status-only"));
        Assert.Equal("status", (string?)statusRequest["subResource"]);
        Assert.Equal("persistentvolumeclaims", (string?)statusRequest["resource"]!["resource"]);
        Assert.Empty(hook.Requests("main-only"));

        live = cluster.Registry.GetObject(pvcs, "default", "disk");
        ((JsonObject)live["metadata"]!)["labels"] = new JsonObject { ["a"] = "b" };
        await cluster.Registry.UpdateAsync(pvcs, "default", "disk", live, null, WriteOptions.Default);

        var mainRequest = Assert.Single(hook.Requests("main-only"));
        Assert.Null(mainRequest["subResource"]);
        Assert.Equal("UPDATE", (string?)mainRequest["operation"]);
        Assert.Equal("PersistentVolumeClaim", (string?)mainRequest["oldObject"]!["kind"]);
        Assert.Equal("UpdateOptions", (string?)mainRequest["options"]!["kind"]);
        Assert.Single(hook.Requests("status-only"));
    }

    [Fact]
    public async Task Namespace_selector_uses_the_labels_of_the_namespace_or_of_a_namespace_itself()
    {
        hook.Handle("ns-selector", _ => Allow());
        await using var cluster = await StartAsync();
        var webhook = Hook("ns.example.com", hook.Url("ns-selector"), hook.CaBundle, Rule(["CREATE"], ["configmaps", "namespaces"]));
        webhook["namespaceSelector"] = new JsonObject { ["matchLabels"] = new JsonObject { ["env"] = "test" } };
        await cluster.ValidatingAsync("ns", webhook);

        foreach (var (name, labels) in new[] { ("team-a", new JsonObject { ["env"] = "test" }), ("team-b", new JsonObject()) })
        {
            using var created = await cluster.SendAsync(HttpMethod.Post, "/api/v1/namespaces", new JsonObject { ["metadata"] = new JsonObject { ["name"] = name, ["labels"] = labels } });
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }

        (await cluster.CreateConfigMapAsync("team-a", "cm")).Dispose();
        (await cluster.CreateConfigMapAsync("team-b", "cm")).Dispose();

        var requests = hook.Requests("ns-selector");
        Assert.Equal(2, requests.Count);
        Assert.Equal("Namespace", (string?)requests[0]["kind"]!["kind"]);
        Assert.Equal("team-a", (string?)requests[0]["name"]);
        Assert.Equal("ConfigMap", (string?)requests[1]["kind"]!["kind"]);
        Assert.Equal("team-a", (string?)requests[1]["namespace"]);
    }

    [Fact]
    public async Task Object_selector_matches_labels_of_the_object()
    {
        hook.Handle("obj-selector", _ => Allow());
        await using var cluster = await StartAsync();
        var webhook = Hook("obj.example.com", hook.Url("obj-selector"), hook.CaBundle, Rule(["CREATE", "UPDATE"], ["configmaps"]));
        webhook["objectSelector"] = new JsonObject
        {
            ["matchExpressions"] = new JsonArray(new JsonObject { ["key"] = "webhook", ["operator"] = "In", ["values"] = new JsonArray("on") }),
        };
        await cluster.ValidatingAsync("obj", webhook);

        (await cluster.CreateConfigMapAsync("default", "on", new JsonObject { ["webhook"] = "on" })).Dispose();
        (await cluster.CreateConfigMapAsync("default", "off", new JsonObject { ["webhook"] = "off" })).Dispose();
        (await cluster.CreateConfigMapAsync("default", "none")).Dispose();

        // Labels removed by an update: the old object still matches.
        (await cluster.SendAsync(HttpMethod.Put, "/api/v1/namespaces/default/configmaps/on", ConfigMap("on"))).Dispose();

        var requests = hook.Requests("obj-selector");
        Assert.Equal(["CREATE on", "UPDATE on"], requests.Select(r => $"{r["operation"]} {r["name"]}"));
    }

    [Fact]
    public async Task Unreachable_webhook_fails_the_request_with_Fail_and_is_skipped_with_Ignore()
    {
        using var closed = ClosedPort();
        var port = ((IPEndPoint)closed.LocalEndPoint!).Port;
        var url = $"https://127.0.0.1:{port}/down";
        await using var cluster = await StartAsync();
        var failing = Hook("down.example.com", url, hook.CaBundle, Rule(["CREATE"], ["configmaps"]));
        failing["failurePolicy"] = "Fail";
        await cluster.ValidatingAsync("down", failing);

        using var refused = await cluster.CreateConfigMapAsync("default", "cm");

        Assert.Equal(HttpStatusCode.InternalServerError, refused.StatusCode);
        var status = await BodyAsync(refused);
        Assert.Equal("InternalError", (string?)status["reason"]);
        Assert.Equal(
            $"Internal error occurred: failed calling webhook \"down.example.com\": failed to call webhook: Post \"{url}?timeout=10s\": dial tcp 127.0.0.1:{port}: connect: connection refused",
            (string?)status["message"]);

        await using var tolerant = await StartAsync();
        var ignored = Hook("down.example.com", url, hook.CaBundle, Rule(["CREATE"], ["configmaps"]));
        ignored["failurePolicy"] = "Ignore";
        await tolerant.MutatingAsync("down", ignored);
        using var accepted = await tolerant.CreateConfigMapAsync("default", "cm");
        Assert.Equal(HttpStatusCode.Created, accepted.StatusCode);
    }

    [Theory]
    [InlineData("Fail")]
    [InlineData("Ignore")]
    public async Task A_webhook_slower_than_its_timeout_is_a_deadline_error(string failurePolicy)
    {
        var path = "slow-" + failurePolicy;
        var arrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        hook.Handle(path, async (_, context) =>
        {
            arrived.TrySetResult();
            await release.Task.WaitAsync(context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
            return Allow();
        });
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var cluster = await StartAsync(time);
        var webhook = Hook("slow.example.com", hook.Url(path), hook.CaBundle, Rule(["CREATE"], ["configmaps"]));
        webhook["timeoutSeconds"] = 1;
        webhook["failurePolicy"] = failurePolicy;
        await cluster.ValidatingAsync("slow", webhook);

        var create = cluster.CreateConfigMapAsync("default", "cm");
        await arrived.Task.WaitAsync(TimeSpan.FromSeconds(30));
        time.Advance(TimeSpan.FromSeconds(1));
        using var response = await create.WaitAsync(TimeSpan.FromSeconds(30));
        release.TrySetResult();

        Assert.Equal("?timeout=1s", (string?)Assert.Single(hook.Requests(path))["_query"]);
        if (failurePolicy == "Ignore")
        {
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            return;
        }

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal(
            $"Internal error occurred: failed calling webhook \"slow.example.com\": failed to call webhook: Post \"{hook.Url(path)}?timeout=1s\": context deadline exceeded",
            (string?)(await BodyAsync(response))["message"]);
    }

    [Fact]
    public async Task A_caBundle_that_did_not_sign_the_server_certificate_fails_the_tls_check()
    {
        hook.Handle("tls", _ => Allow());
        using var otherCa = TestCertificates.CreateCa("some-other-ca");
        await using var cluster = await StartAsync();
        await cluster.ValidatingAsync("tls", Hook("tls.example.com", hook.Url("tls"), TestCertificates.CaBundle(otherCa), Rule(["CREATE"], ["configmaps"])));

        using var response = await cluster.CreateConfigMapAsync("default", "cm");

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal(
            $"Internal error occurred: failed calling webhook \"tls.example.com\": failed to call webhook: Post \"{hook.Url("tls")}?timeout=10s\": tls: failed to verify certificate: x509: certificate signed by unknown authority",
            (string?)(await BodyAsync(response))["message"]);
        Assert.Empty(hook.Requests("tls"));
    }

    [Fact]
    public async Task A_certificate_that_does_not_name_the_url_host_fails_the_tls_check()
    {
        await using var misnamed = await WebhookServer.StartAsync("webhook.example.test");
        misnamed.Handle("host", _ => Allow());
        await using var cluster = await StartAsync();
        await cluster.ValidatingAsync("host", Hook("host.example.com", misnamed.Url("host"), misnamed.CaBundle, Rule(["CREATE"], ["configmaps"])));

        using var response = await cluster.CreateConfigMapAsync("default", "cm");

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal(
            $"Internal error occurred: failed calling webhook \"host.example.com\": failed to call webhook: Post \"{misnamed.Url("host")}?timeout=10s\": tls: failed to verify certificate: x509: cannot validate certificate for 127.0.0.1 because it doesn't contain any IP SANs",
            (string?)(await BodyAsync(response))["message"]);
        Assert.Empty(misnamed.Requests("host"));
    }

    [Fact]
    public async Task Dry_run_refuses_webhooks_with_side_effects_and_tells_the_others()
    {
        hook.Handle("dry-some", _ => Allow());
        hook.Handle("dry-none", _ => Allow());
        await using var cluster = await StartAsync();
        var none = Hook("none.example.com", hook.Url("dry-none"), hook.CaBundle, Rule(["CREATE"], ["configmaps"]));
        none["sideEffects"] = "NoneOnDryRun";
        await cluster.ValidatingAsync("a-none", none);

        using (var dry = await cluster.CreateConfigMapAsync("default", "cm", query: "?dryRun=All"))
        {
            Assert.Equal(HttpStatusCode.Created, dry.StatusCode);
        }

        var request = Assert.Single(hook.Requests("dry-none"));
        Assert.True((bool)request["dryRun"]!);
        Assert.Equal("All", (string?)request["options"]!["dryRun"]![0]);

        var some = Hook("some.example.com", hook.Url("dry-some"), hook.CaBundle, Rule(["CREATE"], ["configmaps"]));
        some["sideEffects"] = "Some";
        some["failurePolicy"] = "Ignore";
        await cluster.ValidatingAsync("b-some", some);

        using var refused = await cluster.CreateConfigMapAsync("default", "cm", query: "?dryRun=All");

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var status = await BodyAsync(refused);
        Assert.Equal("BadRequest", (string?)status["reason"]);
        Assert.Equal("admission webhook \"some.example.com\" does not support dry run", (string?)status["message"]);
        Assert.Empty(hook.Requests("dry-some"));
    }

    [Fact]
    public async Task IfNeeded_webhooks_are_called_again_once_a_later_webhook_changed_the_object()
    {
        hook.Handle("reinvoke-a", _ => Patch(new JsonObject { ["op"] = "add", ["path"] = "/metadata/labels/a", ["value"] = "1" }));
        hook.Handle("reinvoke-never", _ => Allow());
        hook.Handle("reinvoke-b", _ => Patch(new JsonObject { ["op"] = "add", ["path"] = "/metadata/labels/b", ["value"] = "1" }));
        await using var cluster = await StartAsync();
        var a = Hook("a.example.com", hook.Url("reinvoke-a"), hook.CaBundle, Rule(["CREATE"], ["configmaps"]));
        a["reinvocationPolicy"] = "IfNeeded";
        var never = Hook("never.example.com", hook.Url("reinvoke-never"), hook.CaBundle, Rule(["CREATE"], ["configmaps"]));
        await cluster.MutatingAsync("1-first", a, never);
        await cluster.MutatingAsync("2-second", Hook("b.example.com", hook.Url("reinvoke-b"), hook.CaBundle, Rule(["CREATE"], ["configmaps"])));

        using var response = await cluster.CreateConfigMapAsync("default", "cm");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var calls = hook.Requests("reinvoke-a");
        Assert.Equal(2, calls.Count);
        Assert.Null(calls[0]["object"]!["metadata"]!["labels"]!["b"]);
        Assert.Equal("1", (string?)calls[1]["object"]!["metadata"]!["labels"]!["b"]);
        Assert.Single(hook.Requests("reinvoke-never"));
        Assert.Single(hook.Requests("reinvoke-b"));
        var labels = (await BodyAsync(response))["metadata"]!["labels"]!;
        Assert.Equal("1", (string?)labels["a"]);
        Assert.Equal("1", (string?)labels["b"]);
    }

    [Fact]
    public async Task A_response_for_another_uid_is_an_invalid_response()
    {
        hook.Handle("uid", _ => new JsonObject { ["uid"] = "not-the-request", ["allowed"] = true });
        await using var cluster = await StartAsync();
        await cluster.MutatingAsync("uid", Hook("uid.example.com", hook.Url("uid"), hook.CaBundle, Rule(["CREATE"], ["configmaps"])));

        using var response = await cluster.CreateConfigMapAsync("default", "cm");

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        var uid = (string?)Assert.Single(hook.Requests("uid"))["uid"];
        Assert.Equal(
            $"Internal error occurred: failed calling webhook \"uid.example.com\": received invalid webhook response: expected response.uid=\"{uid}\", got \"not-the-request\"",
            (string?)(await BodyAsync(response))["message"]);
    }

    [Fact]
    public async Task Webhook_configurations_themselves_are_never_sent_to_webhooks()
    {
        hook.Handle("everything", _ => new JsonObject { ["allowed"] = false, ["status"] = new JsonObject { ["message"] = "no" } });
        await using var cluster = await StartAsync();
        var all = Hook("all.example.com", hook.Url("everything"), hook.CaBundle, Rule(["*"], ["*"], group: "*", version: "*"));
        await cluster.ValidatingAsync("all", all);

        var config = new JsonObject
        {
            ["apiVersion"] = "admissionregistration.k8s.io/v1",
            ["kind"] = "MutatingWebhookConfiguration",
            ["metadata"] = new JsonObject { ["name"] = "other" },
            ["webhooks"] = new JsonArray(),
        };
        using var created = await cluster.SendAsync(HttpMethod.Post, "/apis/admissionregistration.k8s.io/v1/mutatingwebhookconfigurations", config);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        using var deleted = await cluster.SendAsync(HttpMethod.Delete, "/apis/admissionregistration.k8s.io/v1/validatingwebhookconfigurations/all");
        Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
        Assert.Empty(hook.Requests("everything"));
    }

    [Fact]
    public async Task Service_references_are_unreachable_in_devcluster()
    {
        await using var cluster = await StartAsync();
        var webhook = Hook("svc.example.com", "unused", hook.CaBundle, Rule(["CREATE"], ["configmaps"]));
        webhook["clientConfig"] = new JsonObject { ["service"] = new JsonObject { ["name"] = "webhook", ["namespace"] = "system", ["path"] = "/validate" } };
        await cluster.ValidatingAsync("svc", webhook);

        using var response = await cluster.CreateConfigMapAsync("default", "cm");

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal(
            "Internal error occurred: failed calling webhook \"svc.example.com\": failed to call webhook: Post \"https://webhook.system.svc:443/validate?timeout=10s\": service \"webhook\" not found",
            (string?)(await BodyAsync(response))["message"]);
    }

    [Fact]
    public async Task Delete_sends_the_old_object_and_a_denial_keeps_it()
    {
        hook.Handle("delete", _ => new JsonObject
        {
            ["allowed"] = false,
            ["status"] = new JsonObject { ["code"] = 403, ["reason"] = "Forbidden", ["message"] = "protected" },
        });
        await using var cluster = await StartAsync();
        (await cluster.CreateConfigMapAsync("default", "keep")).Dispose();
        await cluster.ValidatingAsync("delete", Hook("delete.example.com", hook.Url("delete"), hook.CaBundle, Rule(["DELETE"], ["configmaps"])));

        using var response = await cluster.SendAsync(HttpMethod.Delete, "/api/v1/namespaces/default/configmaps/keep");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("admission webhook \"delete.example.com\" denied the request: protected", (string?)(await BodyAsync(response))["message"]);
        var request = Assert.Single(hook.Requests("delete"));
        Assert.Equal("DELETE", (string?)request["operation"]);
        Assert.Null(request["object"]);
        Assert.Equal("keep", (string?)request["oldObject"]!["metadata"]!["name"]);
        Assert.Equal("DeleteOptions", (string?)request["options"]!["kind"]);
        using var get = await cluster.SendAsync(HttpMethod.Get, "/api/v1/namespaces/default/configmaps/keep");
        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
    }

    // A port that was listened on and let go can be handed to the next listener (the cluster's own, say):
    // a socket bound but never listening keeps the port and refuses every connection while it is held.
    private static Socket ClosedPort()
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return socket;
    }
}
