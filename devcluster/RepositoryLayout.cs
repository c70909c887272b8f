namespace ElasticCompute.DevCluster;

/// <summary>Finds the repository this command runs from, for its defaults (crds/, .devcluster/).</summary>
internal static class RepositoryLayout
{
    public static string? Root { get; } = Find(Directory.GetCurrentDirectory()) ?? Find(AppContext.BaseDirectory);

    public static string? Crds => Root is null ? null : Path.Combine(Root, "crds");

    /// <summary>KubeVirt's real CRD schemas in ../shared beside the checkout, when they are there (never copied into the repository).</summary>
    public static string? SharedKubeVirtSchemas =>
        Root is null ? null : Path.GetFullPath(Path.Combine(Root, "..", "shared", "kubevirt", "crd-schemas")) is var dir && Directory.Exists(dir) ? dir : null;

    private static string? Find(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ElasticCompute.sln")))
            {
                return dir.FullName;
            }
        }

        return null;
    }
}
