using System.Text.Json.Nodes;
using ElasticCompute.DevCluster.Server.Schema;

namespace ElasticCompute.DevCluster.Tests.Schema;

internal static class SchemaAssert
{
    /// <summary>A schema from YAML (the openAPIV3Schema body itself).</summary>
    public static StructuralSchema Parse(string yaml) => StructuralSchema.Parse(YamlJson.Read(yaml));

    /// <summary>Admits an object given in YAML and returns every error as kubectl prints it.</summary>
    public static string[] Errors(StructuralSchema schema, string yaml, string? oldYaml = null) =>
        schema.Admit(YamlJson.Object(yaml), oldYaml is null ? null : YamlJson.Object(oldYaml)).Errors.Select(e => e.ToString()).ToArray();

    public static JsonObject Json(string yaml) => YamlJson.Object(yaml);
}
