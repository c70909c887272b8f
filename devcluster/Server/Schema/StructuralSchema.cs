using System.Text.Json.Nodes;
using ElasticCompute.DevCluster.Server.Errors;

namespace ElasticCompute.DevCluster.Server.Schema;

/// <summary>
/// A CRD version's openAPIV3Schema, parsed once (patterns and CEL rules compiled) and immutable afterwards,
/// so one instance serves concurrent requests. Behaves like apiextensions-apiserver for custom resources.
/// </summary>
public sealed class StructuralSchema : ICustomResourceSchema
{
    private static readonly FieldError CelSkipped = FieldError.Invalid(
        "<nil>",
        JsonValue.Create("null"),
        "some validation rules were not checked because the object was invalid; correct the existing errors to complete validation");

    private readonly SchemaNode root;

    private StructuralSchema(SchemaNode root) => this.root = root;

    internal SchemaNode Root => root;

    public static StructuralSchema Parse(JsonNode schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        return new StructuralSchema(new SchemaParser(CelLibrary.Create()).Parse(schema));
    }

    /// <summary>
    /// The API server's order: prune unknown fields (and nulls in non-nullable fields) as the body is decoded,
    /// then apply defaults, then OpenAPI validation (with list-type invariants), then CEL rules, which are skipped
    /// entirely, with one "some validation rules were not checked" error, when a blocking error (type, required,
    /// enum, maxLength, maxItems, maxProperties) was found. Pruning before defaulting means a default can never
    /// be reported as an unknown field the client did not send.
    /// </summary>
    public SchemaAdmission Admit(JsonObject obj, JsonObject? oldObj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        var unknown = Prune(obj);
        Default(obj);
        return new SchemaAdmission(unknown, Validate(obj, oldObj));
    }

    public void Default(JsonObject obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        if (root.HasDefaultsBelow)
        {
            SchemaDefaulter.Default(obj, root, isRoot: true);
        }
    }

    void ICustomResourceSchema.ApplyDefaults(JsonObject obj) => Default(obj);

    public IReadOnlyList<string> Prune(JsonObject obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        var unknown = new List<string>();
        SchemaPruner.Prune(obj, root, new FieldPathBuilder(), unknown);
        return unknown;
    }

    public IReadOnlyList<FieldError> Validate(JsonObject obj, JsonObject? oldObj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        var path = new FieldPathBuilder();
        var result = new ValidationResult();
        SchemaValidator.ValidateRoot(obj, root, path, result);
        var errors = new List<FieldError>(result.Errors);
        if (result.HasBlockingError)
        {
            if (root.HasRulesBelow)
            {
                errors.Add(CelSkipped);
            }
        }
        else
        {
            CelValidator.ValidateRoot(obj, oldObj, root, path, errors);
        }

        return errors;
    }
}
