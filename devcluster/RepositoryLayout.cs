namespace ElasticCompute.DevCluster;

/// <summary>Finds the repository this command runs from, for its defaults (crds/, .devcluster/).</summary>
internal static class RepositoryLayout
{
    public static string? Root { get; } = Find(Directory.GetCurrentDirectory()) ?? Find(AppContext.BaseDirectory);

    public static string? Crds => Root is null ? null : Path.Combine(Root, "crds");

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
