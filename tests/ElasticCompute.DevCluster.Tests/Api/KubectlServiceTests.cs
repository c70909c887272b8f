using System.Text.RegularExpressions;
using ElasticCompute.DevCluster.Tests.Support;

namespace ElasticCompute.DevCluster.Tests.Api;

/// <summary>kubectl's Service commands against devcluster: create as `kubectl create service` does, list with the server's columns.</summary>
public sealed partial class KubectlServiceTests(DevClusterFixture cluster) : IClassFixture<DevClusterFixture>
{
    [Fact]
    public async Task Create_a_node_port_service_and_list_it_with_kubectls_columns()
    {
        var ns = await cluster.NamespaceAsync();

        var created = (await cluster.KubectlAsync("create", "service", "nodeport", "web", "--tcp=22:22", "-n", ns)).Succeeded();
        Assert.Equal("service/web created", created.Output.Trim());
        (await cluster.KubectlAsync("create", "service", "clusterip", "db", "--tcp=5432:5432", "-n", ns)).Succeeded();

        var get = (await cluster.KubectlAsync("get", "svc", "-n", ns)).Succeeded();
        var lines = get.Output.Trim().Split('\n');
        Assert.Equal(["NAME", "TYPE", "CLUSTER-IP", "EXTERNAL-IP", "PORT(S)", "AGE"], lines[0].Split(' ', StringSplitOptions.RemoveEmptyEntries));
        Assert.Matches(DbRow(), lines[1]);
        Assert.Matches(WebRow(), lines[2]);

        var selector = (await cluster.KubectlAsync("get", "svc", "web", "-n", ns, "-o", "wide")).Succeeded();
        Assert.Contains("app=web", selector.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_node_port_out_of_range_is_refused_naming_the_field()
    {
        var ns = await cluster.NamespaceAsync();

        var refused = await cluster.KubectlAsync("create", "service", "nodeport", "web", "--tcp=22:22", "--node-port=2222", "-n", ns);

        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("Service \"web\" is invalid: spec.ports[0].nodePort: Invalid value: 2222: provided port is not in the valid range. The range of valid ports is 30000-32767", refused.Error, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"^db\s+ClusterIP\s+10\.(9[6-9]|10[0-9]|11[01])\.\d+\.\d+\s+<none>\s+5432/TCP\s+\d+s$")]
    private static partial Regex DbRow();

    [GeneratedRegex(@"^web\s+NodePort\s+10\.(9[6-9]|10[0-9]|11[01])\.\d+\.\d+\s+<none>\s+22:3\d{4}/TCP\s+\d+s$")]
    private static partial Regex WebRow();
}
