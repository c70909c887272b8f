using System.Text.Json.Nodes;
using ElasticCompute.DevCluster.Server.Schema;

namespace ElasticCompute.DevCluster.Tests.Schema;

/// <summary>Loads real CRD schemas: ours from crds/, KubeVirt's from ../shared (never copied into the repository).</summary>
internal static class CrdSchemas
{
    private static readonly Lazy<StructuralSchema> ElasticMachinesSchema = new(() =>
    {
        var crd = YamlJson.Object(File.ReadAllText(Path.Combine(RepositoryPaths.Crds, "elasticcompute.io_elasticmachines.yaml")));
        return StructuralSchema.Parse(crd["spec"]!["versions"]![0]!["schema"]!["openAPIV3Schema"]!);
    });

    public static StructuralSchema ElasticMachines => ElasticMachinesSchema.Value;

    /// <summary>A file of ../shared/kubevirt/crd-schemas, which holds <c>openAPIV3Schema:</c> at its top.</summary>
    public static StructuralSchema KubeVirt(string file)
    {
        var path = RepositoryPaths.RequireShared(Path.Combine("kubevirt", "crd-schemas", file));
        return StructuralSchema.Parse(YamlJson.Object(File.ReadAllText(path))["openAPIV3Schema"]!);
    }

    public static IReadOnlyList<JsonObject> SharedDocuments(string relativePath) =>
        YamlJson.ReadAll(File.ReadAllText(RepositoryPaths.RequireShared(relativePath))).OfType<JsonObject>().ToList();
}
