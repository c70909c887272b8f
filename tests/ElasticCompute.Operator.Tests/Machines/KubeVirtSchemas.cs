using System.Text.Json.Nodes;
using ElasticCompute.DevCluster.Server.Http;
using ElasticCompute.DevCluster.Server.Schema;
using k8s;

namespace ElasticCompute.Operator.Tests.Machines;

/// <summary>The real KubeVirt schemas from ../shared, checked with devcluster's structural schema engine.</summary>
internal static class KubeVirtSchemas
{
    public static StructuralSchema Load(string file, string? property = null)
    {
        var path = RepositoryPaths.RequireShared(Path.Combine("kubevirt", "crd-schemas", file));
        var schema = YamlJson.Read(File.ReadAllText(path))!["openAPIV3Schema"]!;
        return StructuralSchema.Parse((property is null ? schema : schema["properties"]![property]!).DeepClone());
    }

    /// <summary>Unknown fields (pruned) and validation errors, as one list of readable lines; empty when the object passes.</summary>
    public static IReadOnlyList<string> Problems(StructuralSchema schema, object obj)
    {
        var json = JsonNode.Parse(KubernetesJson.Serialize(obj))!.AsObject();
        var admission = schema.Admit(json, null);
        return admission.UnknownFields.Select(f => "unknown field " + f)
            .Concat(admission.Errors.Select(e => e.ToString() ?? string.Empty))
            .ToList();
    }
}
