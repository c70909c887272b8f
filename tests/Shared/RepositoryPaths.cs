namespace ElasticCompute.Tests.Shared;

/// <summary>Where the repository and the shared reference data are, found from the test binary.</summary>
internal static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    public static string Crds => Path.Combine(Root, "crds");

    /// <summary>../shared/kubevirt/crd-schemas: the openAPIV3Schema of each CRD KubeVirt installs.</summary>
    public static string KubeVirtCrdSchemas => Path.Combine(Shared, "kubevirt", "crd-schemas");

    public static string Examples => Path.Combine(Root, "examples");

    /// <summary>../shared beside the checkout: real KubeVirt and CDI data, never copied into the repository.</summary>
    public static string Shared => Path.GetFullPath(Path.Combine(Root, "..", "shared"));

    /// <summary>
    /// A file under ../shared. Under CI (CI=true) a missing file fails the test; elsewhere the test is skipped.
    /// </summary>
    public static string RequireShared(string relativePath)
    {
        var path = Path.Combine(Shared, relativePath);
        if (File.Exists(path) || Directory.Exists(path))
        {
            return path;
        }

        throw Prerequisites.Missing($"{path} is missing: the shared KubeVirt reference data must sit beside the checkout", path);
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ElasticCompute.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"no ElasticCompute.sln above {AppContext.BaseDirectory}");
    }
}
