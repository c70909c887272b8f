using System.Text.Json.Nodes;
using ElasticCompute.Api.Tests;
using ElasticCompute.DevCluster.Server.Http;
using ElasticCompute.Operator.Tests.Integration;

namespace ElasticCompute.Operator.Tests.Webhooks;

/// <summary>The admission webhooks as users meet them: through kubectl, against devcluster calling them over HTTPS.</summary>
public sealed class WebhookKubectlTests(WebhookClusterFixture cluster) : IClassFixture<WebhookClusterFixture>
{
    private static string Manifest(string ns, string name, JsonNode spec) =>
        new JsonObject
        {
            ["apiVersion"] = "elasticcompute.io/v1alpha1",
            ["kind"] = "ElasticMachine",
            ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns },
            ["spec"] = spec.DeepClone(),
        }.ToJsonString();

    private static JsonArray Cases(string file) =>
        (JsonArray)YamlJson.Read(TestKeys.Expand(File.ReadAllText(Path.Combine(RepositoryPaths.Root, "tests", "ElasticCompute.Api.Tests", "Validation", "Cases", file))))!;

    [Fact]
    public async Task Kubectl_apply_without_a_disk_size_stores_the_recommended_size_and_its_reason()
    {
        var ns = await cluster.NamespaceAsync();
        var (code, _, errors) = await cluster.KubectlAsync(Manifest(ns, "web", JsonNode.Parse("""{"cpu":2,"memory":"4Gi"}""")!), "apply", "-f", "-");
        Assert.True(code == 0, errors);

        var (_, spec, _) = await cluster.KubectlAsync(null, "get", "em", "web", "-n", ns, "-o", "jsonpath={.spec.storage.size} {.spec.storage.reclaimPolicy} {.spec.runStrategy} {.spec.image.dataSource}");
        Assert.Equal("80Gi Retain Always ubuntu-24.04", spec);
        var (_, reason, _) = await cluster.KubectlAsync(null, "get", "em", "web", "-n", ns, "-o", "jsonpath={.metadata.annotations.elasticcompute\\.io/storage-recommendation}");
        Assert.Equal("80Gi: 4Gi memory x 20 = 80Gi, a standard size", reason);

        // Applying the same manifest again changes nothing (the defaults are not re-applied over the stored ones).
        var (again, output, _) = await cluster.KubectlAsync(Manifest(ns, "web", JsonNode.Parse("""{"cpu":2,"memory":"4Gi"}""")!), "apply", "-f", "-");
        Assert.Equal(0, again);
        Assert.Contains("unchanged", output, StringComparison.Ordinal);
    }

    /// <summary>
    /// Cases kubectl itself, or the CRD's CEL rules (checked by the API server before validating webhooks), refuse first
    /// with their own words. Every other case gets the table's exact message from the webhook, or is refused by the CRD's
    /// structural schema naming the same field.
    /// </summary>
    private static readonly Dictionary<string, string> RefusedBeforeTheWebhook = new(StringComparer.Ordinal)
    {
        ["name is empty"] = "resource name may not be empty",
        ["cpu without memory"] = "spec: Invalid value: \"object\": spec: set either cpu and memory, or instanceType",
        ["memory without cpu"] = "spec: Invalid value: \"object\": spec: set either cpu and memory, or instanceType",
    };

    [Fact]
    public async Task Every_invalid_machine_of_the_case_table_is_refused_with_its_exact_message()
    {
        var ns = await cluster.NamespaceAsync();
        var byWebhook = 0;
        var bySchema = 0;
        var problems = new List<string>();
        var i = 0;
        foreach (var row in Cases("invalid-creates.yaml").Select(r => r!.AsObject()))
        {
            var name = row["name"] is { } n ? (string)n! : $"case-{i++}";
            var expected = (string)row["error"]!;
            var (code, _, errors) = await cluster.KubectlAsync(Manifest(ns, name, row["spec"]!), "apply", "-f", "-");
            if (code == 0)
            {
                problems.Add($"{row["case"]}: accepted");
            }
            else if (errors.Contains($"denied the request: {expected}", StringComparison.Ordinal))
            {
                byWebhook++;
            }
            else if (errors.Contains("is invalid", StringComparison.Ordinal) && errors.Contains(expected.Split(':')[0] + ":", StringComparison.Ordinal))
            {
                bySchema++; // the CRD's structural schema (checked before validating webhooks) refused it, naming the same field
            }
            else if (!(RefusedBeforeTheWebhook.TryGetValue((string)row["case"]!, out var earlier) && errors.Contains(earlier, StringComparison.Ordinal)))
            {
                problems.Add($"{row["case"]}: {errors.Trim()}");
            }
        }

        Assert.True(problems.Count == 0, string.Join("\n", problems));
        Assert.True(byWebhook >= 50, $"only {byWebhook} cases reached the validating webhook ({bySchema} refused by the CRD schema)");
    }

    [Fact]
    public async Task A_smaller_disk_is_refused_on_update_and_a_server_dry_run_stores_nothing()
    {
        var ns = await cluster.NamespaceAsync();
        Assert.Equal(0, (await cluster.KubectlAsync(Manifest(ns, "db", JsonNode.Parse("""{"cpu":2,"memory":"4Gi","storage":{"size":"160Gi"}}""")!), "apply", "-f", "-")).ExitCode);
        var (code, _, errors) = await cluster.KubectlAsync(Manifest(ns, "db", JsonNode.Parse("""{"cpu":2,"memory":"4Gi","storage":{"size":"80Gi"}}""")!), "apply", "-f", "-");
        Assert.NotEqual(0, code);
        Assert.Contains("spec.storage.size: cannot be removed or made smaller once set; disks only grow", errors, StringComparison.Ordinal);

        var (dry, _, dryErrors) = await cluster.KubectlAsync(Manifest(ns, "dry", JsonNode.Parse("""{"cpu":2,"memory":"4Gi"}""")!), "apply", "--dry-run=server", "-f", "-");
        Assert.True(dry == 0, dryErrors);
        var (missing, _, _) = await cluster.KubectlAsync(null, "get", "em", "dry", "-n", ns);
        Assert.NotEqual(0, missing);
        var (refused, _, refusedErrors) = await cluster.KubectlAsync(Manifest(ns, "dry", JsonNode.Parse("""{"cpu":48,"memory":"4Gi"}""")!), "apply", "--dry-run=server", "-f", "-");
        Assert.NotEqual(0, refused);
        Assert.Contains("spec.cpu: 48 is above the largest allowed size 32", refusedErrors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_quota_overrun_is_refused_with_the_quota_and_the_current_use_and_no_room_is_a_warning()
    {
        var ns = await cluster.NamespaceAsync();
        var policy = $$$"""
            {"apiVersion":"elasticcompute.io/v1alpha1","kind":"ElasticComputePolicy","metadata":{"name":"default"},
             "spec":{"quotas":[{"namespace":"{{{ns}}}","limits":{"maxCpu":6}}]}}
            """;
        var (applied, _, policyErrors) = await cluster.KubectlAsync(policy, "apply", "-f", "-");
        Assert.True(applied == 0, policyErrors);
        try
        {
            await OperatorFixture.Eventually(
                async () => (await cluster.KubectlAsync(Manifest(ns, "probe", JsonNode.Parse("""{"cpu":8,"memory":"8Gi"}""")!), "apply", "--dry-run=server", "-f", "-")).Errors,
                e => e.Contains("exceeded quota", StringComparison.Ordinal),
                "the policy's quota in the webhook's cache");

            Assert.Equal(0, (await cluster.KubectlAsync(Manifest(ns, "a", JsonNode.Parse("""{"cpu":4,"memory":"8Gi"}""")!), "apply", "-f", "-")).ExitCode);
            await OperatorFixture.Eventually(
                async () => (await cluster.KubectlAsync(Manifest(ns, "b", JsonNode.Parse("""{"cpu":4,"memory":"8Gi"}""")!), "apply", "--dry-run=server", "-f", "-")).Errors,
                e => e.Contains("exceeded quota", StringComparison.Ordinal),
                "machine a in the webhook's cache");
            var (code, _, errors) = await cluster.KubectlAsync(Manifest(ns, "b", JsonNode.Parse("""{"cpu":4,"memory":"8Gi"}""")!), "apply", "-f", "-");
            Assert.NotEqual(0, code);
            Assert.Contains($"denied the request: exceeded quota: namespace {ns} would use 8 of 6 vCPU (now 4 in 1 machine)", errors, StringComparison.Ordinal);

            // 16-vCPU nodes: 32 vCPUs fit the policy but no node now; admitted, with the warning kubectl prints.
            var (bigCode, _, bigErrors) = await cluster.KubectlAsync(Manifest("default", "big", JsonNode.Parse("""{"cpu":32,"memory":"64Gi"}""")!), "apply", "-f", "-");
            Assert.True(bigCode == 0, bigErrors);
            Assert.Contains("Warning: no node has 32 free vCPUs and 64Gi free now; the machine will wait", bigErrors, StringComparison.Ordinal);
        }
        finally
        {
            await cluster.KubectlAsync(null, "delete", "elasticcomputepolicy", "default", "--ignore-not-found");
            await cluster.KubectlAsync(null, "delete", "em", "big", "-n", "default", "--ignore-not-found", "--wait=false");
        }
    }

    [Fact]
    public async Task The_registered_configurations_fail_closed_fast_and_trust_the_operators_ca()
    {
        var (_, mutating, _) = await cluster.KubectlAsync(null, "get", "mutatingwebhookconfiguration", "elasticcompute-mutating", "-o", "json");
        var (_, validating, _) = await cluster.KubectlAsync(null, "get", "validatingwebhookconfiguration", "elasticcompute-validating", "-o", "json");
        var hooks = JsonNode.Parse(mutating)!["webhooks"]!.AsArray().Concat(JsonNode.Parse(validating)!["webhooks"]!.AsArray()).Select(h => h!.AsObject()).ToList();
        Assert.Equal(3, hooks.Count);
        var (_, secret, _) = await cluster.KubectlAsync(null, "get", "secret", "elasticcompute-webhook-tls", "-n", "elasticcompute-system", "-o", "jsonpath={.data.ca\\.crt}");
        foreach (var hook in hooks)
        {
            var name = (string)hook["name"]!;
            Assert.True((string?)hook["failurePolicy"] == "Fail", name);
            Assert.True((int?)hook["timeoutSeconds"] == 3, name);
            Assert.True((string?)hook["matchPolicy"] == "Equivalent", name);
            Assert.True((string?)hook["sideEffects"] == "None", name);
            Assert.StartsWith($"https://127.0.0.1:{cluster.WebhookPort}/", (string?)hook["clientConfig"]!["url"], StringComparison.Ordinal);
            Assert.Equal(secret, (string?)hook["clientConfig"]!["caBundle"]);
        }

        var selector = hooks[0]["namespaceSelector"]!["matchExpressions"]![0]!;
        Assert.Equal(("kubernetes.io/metadata.name", "NotIn"), ((string?)selector["key"], (string?)selector["operator"]));
        Assert.Equal(["kube-system", "kube-public", "kube-node-lease", "elasticcompute-system"], selector["values"]!.AsArray().Select(v => (string?)v));
        Assert.Equal("IfNeeded", (string?)hooks[0]["reinvocationPolicy"]);
    }

    [Fact]
    public async Task System_namespaces_are_left_to_themselves()
    {
        // kube-system (and the operator's own namespace) never reach the webhooks: a broken webhook cannot lock them.
        var (code, _, errors) = await cluster.KubectlAsync(Manifest("kube-system", "sys", JsonNode.Parse("""{"cpu":2,"memory":"4Gi"}""")!), "apply", "-f", "-");
        Assert.True(code == 0, errors);
        var (_, size, _) = await cluster.KubectlAsync(null, "get", "em", "sys", "-n", "kube-system", "-o", "jsonpath={.spec.storage}");
        Assert.Equal(string.Empty, size);
        var (_, label, _) = await cluster.KubectlAsync(null, "get", "namespace", "kube-system", "-o", "jsonpath={.metadata.labels.kubernetes\\.io/metadata\\.name}");
        Assert.Equal("kube-system", label);
        await cluster.KubectlAsync(null, "delete", "em", "sys", "-n", "kube-system", "--wait=false");
    }

    [Fact]
    public async Task An_unusable_policy_is_refused_naming_the_field()
    {
        var policy = """
            {"apiVersion":"elasticcompute.io/v1alpha1","kind":"ElasticComputePolicy","metadata":{"name":"default"},
             "spec":{"sizing":{"memory":{"min":"8Gi","max":"4Gi"}}}}
            """;
        var (code, _, errors) = await cluster.KubectlAsync(policy, "apply", "--dry-run=server", "-f", "-");
        Assert.NotEqual(0, code);
        Assert.Contains("admission webhook \"validate.elasticcomputepolicies.elasticcompute.io\" denied the request: spec.sizing.memory", errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Kubectl_describe_and_get_events_show_what_the_operator_recorded()
    {
        // The operator records events.k8s.io/v1 Events; kubectl reads core/v1 ones: one resource in two shapes.
        var ns = await cluster.NamespaceAsync();
        var (code, _, errors) = await cluster.KubectlAsync(Manifest(ns, "app", JsonNode.Parse("""{"cpu":1,"memory":"2Gi"}""")!), "apply", "-f", "-");
        Assert.True(code == 0, errors);
        var (ready, _, waitErrors) = await cluster.KubectlAsync(null, "wait", "--for=condition=Ready", "em/app", "-n", ns, "--timeout=60s");
        Assert.True(ready == 0, waitErrors);

        var describe = await OperatorFixture.Eventually(
            async () => (await cluster.KubectlAsync(null, "describe", "em", "app", "-n", ns)).Output,
            output => output.Contains("machine is Running", StringComparison.Ordinal),
            "kubectl describe to show the Running event");
        var events = describe[describe.IndexOf("Events:", StringComparison.Ordinal)..];
        Assert.Matches(@"Normal\s+DiskCreated\s+\S+\s+\S+\s+created disk app", events);
        Assert.Matches(@"Normal\s+VirtualMachineCreated\s+\S+\s+\S+\s+created virtual machine app with 1 vCPU and 2Gi", events);
        Assert.Matches(@"Normal\s+Running\s+\S+\s+\S+\s+machine is Running", events);

        var (_, list, _) = await cluster.KubectlAsync(null, "get", "events", "-n", ns, "--field-selector", "reason=Running");
        Assert.Matches(@"Normal\s+Running\s+elasticmachine/app\s+machine is Running", list);
    }
}
