using ElasticCompute.DevCluster.Server.Errors;

namespace ElasticCompute.DevCluster.Server.Schema;

/// <summary>
/// What admitting one object against its CRD schema found: the unknown fields that were pruned from it (for
/// fieldValidation Strict: <c>unknown field "spec.foo"</c>; Warn; Ignore) and the validation errors.
/// </summary>
public sealed record SchemaAdmission(IReadOnlyList<string> UnknownFields, IReadOnlyList<FieldError> Errors)
{
    public bool IsValid => Errors.Count == 0;
}
