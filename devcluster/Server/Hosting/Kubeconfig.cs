namespace ElasticCompute.DevCluster.Server.Hosting;

/// <summary>Writes a kubeconfig that points kubectl and the client at devcluster.</summary>
public static class Kubeconfig
{
    public const string ContextName = "devcluster";

    public static string Render(Uri server, string @namespace = "default") =>
        $"""
        apiVersion: v1
        kind: Config
        clusters:
        - name: {ContextName}
          cluster:
            server: {server.GetLeftPart(UriPartial.Authority)}
        users:
        - name: {ContextName}
          user:
            # devcluster does no authentication; clients want a credential of some kind all the same.
            token: devcluster
        contexts:
        - name: {ContextName}
          context:
            cluster: {ContextName}
            user: {ContextName}
            namespace: {@namespace}
        current-context: {ContextName}
        preferences: {"{}"}

        """;

    public static string Write(Uri server, string path)
    {
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var temporary = full + ".tmp";
        File.WriteAllText(temporary, Render(server));
        File.Move(temporary, full, overwrite: true);
        return full;
    }
}
