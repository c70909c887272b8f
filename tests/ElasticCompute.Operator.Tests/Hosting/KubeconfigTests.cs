using ElasticCompute.Operator.Hosting;
using k8s;

namespace ElasticCompute.Operator.Tests.Hosting;

/// <summary>The operator's own kubeconfig reader (AOT-safe) must configure the client as the client's loader does.</summary>
public sealed class KubeconfigTests : IDisposable
{
    private const string Config = """
        apiVersion: v1
        kind: Config
        current-context: dev
        clusters:
        - name: dev-cluster
          cluster:
            server: https://10.0.0.1:6443
            insecure-skip-tls-verify: true
            tls-server-name: api.dev
        - name: other
          cluster:
            server: http://127.0.0.1:8080
        users:
        - name: dev-user
          user:
            token: s3cr3t
        - name: exec-user
          user:
            exec:
              apiVersion: client.authentication.k8s.io/v1
              command: /bin/echo
              args: ["a", "b"]
              env:
              - name: K
                value: V
        contexts:
        - name: dev
          context:
            cluster: dev-cluster
            user: dev-user
            namespace: team-a
        - name: other
          context:
            cluster: other
            user: exec-user
        """;

    private readonly string path = Path.Combine(Path.GetTempPath(), $"kubeconfig-{Guid.NewGuid():N}");

    public KubeconfigTests() => File.WriteAllText(path, Config);

    public void Dispose() => File.Delete(path);

    [Fact]
    public void Configures_the_client_as_the_clients_own_loader_does()
    {
        var ours = KubernetesClientConfiguration.BuildConfigFromConfigObject(Kubeconfig.Read(new FileInfo(path)));
        var theirs = KubernetesClientConfiguration.BuildConfigFromConfigFile(new FileInfo(path));

        Assert.Equal("https://10.0.0.1:6443", ours.Host);
        Assert.Equal(theirs.Host, ours.Host);
        Assert.Equal("s3cr3t", ours.AccessToken);
        Assert.Equal(theirs.AccessToken, ours.AccessToken);
        Assert.Equal("team-a", ours.Namespace);
        Assert.Equal(theirs.Namespace, ours.Namespace);
        Assert.True(ours.SkipTlsVerify);
        Assert.Equal(theirs.TlsServerName, ours.TlsServerName);
        Assert.Equal("dev", ours.CurrentContext);
    }

    [Fact]
    public void Reads_exec_credentials_and_every_list()
    {
        var config = Kubeconfig.Read(new FileInfo(path));

        Assert.Equal(["dev-cluster", "other"], config.Clusters.Select(c => c.Name));
        var exec = config.Users.Single(u => u.Name == "exec-user").UserCredentials.ExternalExecution;
        Assert.Equal("/bin/echo", exec.Command);
        Assert.Equal(["a", "b"], exec.Arguments);
        Assert.Equal("V", exec.EnvironmentVariables.Single()["value"]);
        Assert.Equal(path, config.FileName);
    }

    [Fact]
    public void A_missing_file_or_a_non_mapping_is_named_in_the_error()
    {
        var missing = Assert.Throws<FileNotFoundException>(() => Kubeconfig.Read(new FileInfo(path + "-nope")));
        Assert.Contains(path + "-nope", missing.Message, StringComparison.Ordinal);
        File.WriteAllText(path, "- just\n- a list\n");
        var bad = Assert.Throws<InvalidDataException>(() => Kubeconfig.Read(new FileInfo(path)));
        Assert.Contains("is not a YAML mapping", bad.Message, StringComparison.Ordinal);
    }
}
