using ElasticCompute.DevCluster.Tests.Support;

namespace ElasticCompute.DevCluster.Tests.Api;

/// <summary>The installed kubectl against devcluster, on our CRDs: the commands people type.</summary>
public sealed class KubectlTests(DevClusterFixture cluster) : IClassFixture<DevClusterFixture>
{
    private static string Example(string name) => Path.Combine(RepositoryPaths.Examples, name);

    [Fact]
    public async Task Apply_get_describe_and_delete_an_example_machine()
    {
        var ns = await cluster.NamespaceAsync();

        var manifest = (await File.ReadAllTextAsync(Example("machine-small.yaml"))).Replace("namespace: team-a", $"namespace: {ns}", StringComparison.Ordinal);
        var apply = (await cluster.KubectlWithInputAsync(manifest, "apply", "-f", "-")).Succeeded();
        Assert.Equal("elasticmachine.elasticcompute.io/web-1 created", apply.Output.Trim());

        var get = (await cluster.KubectlAsync("get", "em", "-n", ns)).Succeeded();
        var header = get.Output.Split('\n')[0];
        Assert.Equal(["NAME", "CPU", "MEMORY", "DISK", "STATUS", "NODE", "AGE"], header.Split(' ', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("web-1", get.Output.Split('\n')[1], StringComparison.Ordinal);

        var wide = (await cluster.KubectlAsync("get", "elasticmachines", "-n", ns, "-o", "wide")).Succeeded();
        Assert.Contains("INSTANCETYPE", wide.Output, StringComparison.Ordinal);

        var describe = (await cluster.KubectlAsync("describe", "em", "web-1", "-n", ns)).Succeeded();
        Assert.Contains("Kind:         ElasticMachine", describe.Output, StringComparison.Ordinal);
        Assert.True(System.Text.RegularExpressions.Regex.IsMatch(describe.Output, @"Memory:\s+4Gi"), describe.Output);

        var again = (await cluster.KubectlWithInputAsync(manifest.Replace("memory: 4Gi", "memory: 8Gi", StringComparison.Ordinal), "apply", "-f", "-")).Succeeded();
        Assert.Equal("elasticmachine.elasticcompute.io/web-1 configured", again.Output.Trim());
        var memory = (await cluster.KubectlAsync("get", "em", "web-1", "-n", ns, "-o", "jsonpath={.spec.memory} {.metadata.generation}")).Succeeded();
        Assert.Equal("8Gi 2", memory.Output);

        var delete = (await cluster.KubectlAsync("delete", "em", "web-1", "-n", ns)).Succeeded();
        Assert.Equal("elasticmachine.elasticcompute.io \"web-1\" deleted", delete.Output.Trim());
        var missing = await cluster.KubectlAsync("get", "em", "web-1", "-n", ns);
        Assert.Equal(1, missing.ExitCode);
        Assert.Equal("Error from server (NotFound): elasticmachines.elasticcompute.io \"web-1\" not found", missing.Error.Trim());
    }

    [Fact]
    public async Task Explain_prints_our_field_descriptions()
    {
        var explain = (await cluster.KubectlAsync("explain", "em.spec.storage")).Succeeded();

        Assert.Contains("KIND:       ElasticMachine", explain.Output, StringComparison.Ordinal);
        Assert.Contains("The boot disk: size, storage class and what happens to it when the machine", explain.Output, StringComparison.Ordinal);
        Assert.Contains("reclaimPolicy\t<string>", explain.Output, StringComparison.Ordinal);
        Assert.Contains("enum: Retain, Delete", explain.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Apply_refuses_bad_input_with_the_servers_message()
    {
        var ns = await cluster.NamespaceAsync();
        var typo = $"apiVersion: elasticcompute.io/v1alpha1\nkind: ElasticMachine\nmetadata: {{name: bad, namespace: {ns}}}\nspec: {{cpu: 2, memory: 4Gi, storage: {{sise: 80Gi}}}}\n";
        var zero = $"apiVersion: elasticcompute.io/v1alpha1\nkind: ElasticMachine\nmetadata: {{name: bad, namespace: {ns}}}\nspec: {{cpu: 0, memory: 4Gi}}\n";

        var strict = await cluster.KubectlWithInputAsync(typo, "apply", "-f", "-");
        Assert.Equal(1, strict.ExitCode);
        Assert.Equal("Error from server (BadRequest): error when creating \"STDIN\": strict decoding error: unknown field \"spec.storage.sise\"", strict.Error.Trim());

        var invalid = await cluster.KubectlWithInputAsync(zero, "apply", "-f", "-");
        Assert.Equal(1, invalid.ExitCode);
        Assert.Equal("The ElasticMachine \"bad\" is invalid: spec.cpu: Invalid value: 0: spec.cpu in body should be greater than or equal to 1", invalid.Error.Trim());
    }

    [Fact]
    public async Task Server_side_apply_owns_fields_and_reports_conflicts()
    {
        var ns = await cluster.NamespaceAsync();
        var manifest = $"apiVersion: elasticcompute.io/v1alpha1\nkind: ElasticMachine\nmetadata: {{name: ssa, namespace: {ns}}}\nspec: {{cpu: 2, memory: 4Gi}}\n";

        var first = (await cluster.KubectlWithInputAsync(manifest, "apply", "--server-side", "-f", "-")).Succeeded();
        Assert.Equal("elasticmachine.elasticcompute.io/ssa serverside-applied", first.Output.Trim());

        var other = await cluster.KubectlWithInputAsync(manifest.Replace("cpu: 2", "cpu: 4", StringComparison.Ordinal), "apply", "--server-side", "--field-manager", "someone-else", "-f", "-");
        Assert.Equal(1, other.ExitCode);
        Assert.True(other.Error.Contains("Apply failed with 1 conflict: conflict with \"kubectl\": .spec.cpu", StringComparison.Ordinal), other.Error);

        (await cluster.KubectlWithInputAsync(manifest.Replace("cpu: 2", "cpu: 4", StringComparison.Ordinal), "apply", "--server-side", "--field-manager", "someone-else", "--force-conflicts", "-f", "-")).Succeeded();
        var cpu = (await cluster.KubectlAsync("get", "em", "ssa", "-n", ns, "-o", "jsonpath={.spec.cpu}")).Succeeded();
        Assert.Equal("4", cpu.Output);
    }

    [Fact]
    public async Task Patch_with_each_type()
    {
        var ns = await cluster.NamespaceAsync();
        (await cluster.KubectlWithInputAsync($"apiVersion: elasticcompute.io/v1alpha1\nkind: ElasticMachine\nmetadata: {{name: p, namespace: {ns}}}\nspec: {{cpu: 2, memory: 4Gi}}\n", "apply", "-f", "-")).Succeeded();

        (await cluster.KubectlAsync("patch", "em", "p", "-n", ns, "--type", "merge", "-p", "{\"spec\":{\"cpu\":4,\"memory\":\"8Gi\"}}")).Succeeded();
        (await cluster.KubectlAsync("patch", "em", "p", "-n", ns, "--type", "json", "-p", "[{\"op\":\"add\",\"path\":\"/metadata/labels\",\"value\":{\"tier\":\"db\"}}]")).Succeeded();
        var strategic = await cluster.KubectlAsync("patch", "em", "p", "-n", ns, "-p", "{\"spec\":{\"cpu\":8}}");

        Assert.Equal(1, strategic.ExitCode);
        Assert.Contains("application/strategic-merge-patch+json is not supported by elasticcompute.io/v1alpha1, Kind=ElasticMachine", strategic.Error, StringComparison.Ordinal);
        var result = (await cluster.KubectlAsync("get", "em", "p", "-n", ns, "-o", "jsonpath={.spec.cpu} {.spec.memory} {.metadata.labels.tier}")).Succeeded();
        Assert.Equal("4 8Gi db", result.Output);
    }

    [Fact]
    public async Task Wait_for_a_condition_and_for_deletion()
    {
        var ns = await cluster.NamespaceAsync();
        (await cluster.KubectlWithInputAsync($"apiVersion: elasticcompute.io/v1alpha1\nkind: ElasticMachine\nmetadata: {{name: w, namespace: {ns}}}\nspec: {{cpu: 2, memory: 4Gi}}\n", "apply", "-f", "-")).Succeeded();

        var waiting = cluster.KubectlAsync("wait", "em/w", "-n", ns, "--for=condition=Ready", "--timeout=30s");
        await Task.Delay(300);
        (await cluster.KubectlAsync("patch", "em", "w", "-n", ns, "--subresource", "status", "--type", "merge", "-p",
            "{\"status\":{\"conditions\":[{\"type\":\"Ready\",\"status\":\"True\",\"reason\":\"Running\",\"message\":\"up\",\"lastTransitionTime\":\"2026-01-01T00:00:00Z\"}]}}")).Succeeded();
        var waited = (await waiting).Succeeded();
        Assert.Equal("elasticmachine.elasticcompute.io/w condition met", waited.Output.Trim());

        var deleting = cluster.KubectlAsync("wait", "em/w", "-n", ns, "--for=delete", "--timeout=30s");
        await Task.Delay(300);
        (await cluster.KubectlAsync("delete", "em", "w", "-n", ns, "--wait=false")).Succeeded();
        (await deleting).Succeeded();
    }

    [Fact]
    public async Task Get_all_in_the_category_and_api_resources_list_our_kinds()
    {
        var resources = (await cluster.KubectlAsync("api-resources", "--api-group", "elasticcompute.io")).Succeeded();
        Assert.Contains("elasticmachines", resources.Output, StringComparison.Ordinal);
        Assert.Contains("em ", resources.Output, StringComparison.Ordinal);

        var ns = await cluster.NamespaceAsync();
        (await cluster.KubectlWithInputAsync($"apiVersion: elasticcompute.io/v1alpha1\nkind: ElasticMachine\nmetadata: {{name: c, namespace: {ns}}}\nspec: {{cpu: 2, memory: 4Gi}}\n", "apply", "-f", "-")).Succeeded();
        var category = (await cluster.KubectlAsync("get", "elasticcompute", "-n", ns)).Succeeded();
        Assert.Contains("elasticmachine.elasticcompute.io/c", category.Output, StringComparison.Ordinal);
    }
}
