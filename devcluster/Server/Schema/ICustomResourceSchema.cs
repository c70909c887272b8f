using System.Text.Json.Nodes;
using ElasticCompute.DevCluster.Server.Errors;

namespace ElasticCompute.DevCluster.Server.Schema;

/// <summary>A CRD version's compiled openAPIV3Schema: what the HTTP layer needs to admit a write.</summary>
public interface ICustomResourceSchema
{
    /// <summary>Prunes, defaults and validates <paramref name="obj"/> in place; <paramref name="oldObj"/> is the stored object on updates.</summary>
    SchemaAdmission Admit(JsonObject obj, JsonObject? oldObj);

    /// <summary>Applies defaults in place (also what the API server does when reading stored objects).</summary>
    void ApplyDefaults(JsonObject obj);

    /// <summary>Removes undeclared fields in place and returns their dotted paths.</summary>
    IReadOnlyList<string> Prune(JsonObject obj);

    /// <summary>Schema validation and CEL rules, without changing the object.</summary>
    IReadOnlyList<FieldError> Validate(JsonObject obj, JsonObject? oldObj);
}
