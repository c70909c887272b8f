using k8s;
using k8s.KubeConfigModels;
using YamlDotNet.RepresentationModel;

namespace ElasticCompute.Operator.Hosting;

/// <summary>
/// Reads a kubeconfig file into the client's configuration model. Written by hand because the client's own loader
/// builds its YAML mapping by reflection over metadata tokens, which a Native AOT build of the operator does not keep;
/// YamlDotNet's node model needs no reflection, and the client still does the rest (certificates, exec plugins).
/// </summary>
internal static class Kubeconfig
{
    /// <summary>The file given, else in-cluster config, else the first file of $KUBECONFIG, else ~/.kube/config.</summary>
    public static KubernetesClientConfiguration Resolve(FileInfo? file)
    {
        if (file is null && KubernetesClientConfiguration.IsInCluster())
        {
            return KubernetesClientConfiguration.InClusterConfig();
        }

        file ??= new FileInfo(Environment.GetEnvironmentVariable("KUBECONFIG")?.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries).FirstOrDefault()
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".kube", "config"));
        return KubernetesClientConfiguration.BuildConfigFromConfigObject(Read(file));
    }

    public static K8SConfiguration Read(FileInfo file)
    {
        if (!file.Exists)
        {
            throw new FileNotFoundException($"kubeconfig {file.FullName} does not exist", file.FullName);
        }

        using var reader = file.OpenText();
        return Parse(reader, file.FullName);
    }

    public static K8SConfiguration Parse(TextReader text, string fileName)
    {
        var stream = new YamlStream();
        stream.Load(text);
        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            throw new InvalidDataException($"kubeconfig {fileName} is not a YAML mapping");
        }

        return new K8SConfiguration
        {
            FileName = fileName,
            ApiVersion = Scalar(root, "apiVersion"),
            Kind = Scalar(root, "kind"),
            CurrentContext = Scalar(root, "current-context"),
            Clusters = Items(root, "clusters", (name, c) => new Cluster
            {
                Name = name,
                ClusterEndpoint = new ClusterEndpoint
                {
                    Server = Scalar(c, "server"),
                    CertificateAuthority = Scalar(c, "certificate-authority"),
                    CertificateAuthorityData = Scalar(c, "certificate-authority-data"),
                    SkipTlsVerify = Scalar(c, "insecure-skip-tls-verify") is "true",
                    TlsServerName = Scalar(c, "tls-server-name"),
                },
            }, "cluster"),
            Users = Items(root, "users", (name, u) => new User
            {
                Name = name,
                UserCredentials = new UserCredentials
                {
                    ClientCertificate = Scalar(u, "client-certificate"),
                    ClientCertificateData = Scalar(u, "client-certificate-data"),
                    ClientKey = Scalar(u, "client-key"),
                    ClientKeyData = Scalar(u, "client-key-data"),
                    Token = Scalar(u, "token") ?? (Scalar(u, "tokenFile") is { } tokenFile ? File.ReadAllText(tokenFile).Trim() : null),
                    UserName = Scalar(u, "username"),
                    Password = Scalar(u, "password"),
                    ExternalExecution = Child(u, "exec") is { } exec ? Exec(exec) : null,
                },
            }, "user"),
            Contexts = Items(root, "contexts", (name, c) => new Context
            {
                Name = name,
                ContextDetails = new ContextDetails { Cluster = Scalar(c, "cluster"), User = Scalar(c, "user"), Namespace = Scalar(c, "namespace") },
            }, "context"),
        };
    }

    private static ExternalExecution Exec(YamlMappingNode exec) => new()
    {
        ApiVersion = Scalar(exec, "apiVersion"),
        Command = Scalar(exec, "command"),
        Arguments = Child<YamlSequenceNode>(exec, "args")?.Children.OfType<YamlScalarNode>().Select(a => a.Value ?? string.Empty).ToList(),
        EnvironmentVariables = Child<YamlSequenceNode>(exec, "env")?.Children.OfType<YamlMappingNode>()
            .Select(e => new Dictionary<string, string>(StringComparer.Ordinal) { ["name"] = Scalar(e, "name") ?? string.Empty, ["value"] = Scalar(e, "value") ?? string.Empty })
            .ToList(),
        ProvideClusterInfo = Scalar(exec, "provideClusterInfo") is "true",
    };

    /// <summary>A kubeconfig list (clusters, users, contexts): each item is {name, &lt;detailKey&gt;: {...}}.</summary>
    private static List<T> Items<T>(YamlMappingNode root, string key, Func<string?, YamlMappingNode, T> build, string detailKey) =>
        Child<YamlSequenceNode>(root, key)?.Children.OfType<YamlMappingNode>()
            .Select(item => build(Scalar(item, "name"), Child(item, detailKey) ?? new YamlMappingNode()))
            .ToList() ?? [];

    private static string? Scalar(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var value) && value is YamlScalarNode { Value: { Length: > 0 } text } ? text : null;

    private static YamlMappingNode? Child(YamlMappingNode node, string key) => Child<YamlMappingNode>(node, key);

    private static T? Child<T>(YamlMappingNode node, string key)
        where T : YamlNode =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value as T : null;
}
