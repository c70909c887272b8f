namespace ElasticCompute.Api.Schema;

/// <summary>
/// An <c>x-kubernetes-validations</c> CEL rule the API server checks itself, as defence in depth for
/// clusters where the admission webhook is not installed. Rules that use <c>oldSelf</c> run on updates only.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Property, AllowMultiple = true)]
public sealed class CelRuleAttribute(string rule, string message) : Attribute
{
    public string Rule { get; } = rule;

    public string Message { get; } = message;

    /// <summary>Optional field path (relative, for example ".size") the API server reports.</summary>
    public string? FieldPath { get; init; }

    /// <summary>Optional reason: FieldValueInvalid, FieldValueForbidden, FieldValueRequired or FieldValueDuplicate.</summary>
    public string? Reason { get; init; }
}
