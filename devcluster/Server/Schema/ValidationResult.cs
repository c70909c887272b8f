using ElasticCompute.DevCluster.Server.Errors;

namespace ElasticCompute.DevCluster.Server.Schema;

/// <summary>Errors gathered by a validation walk, and whether any of them stops CEL rules from running.</summary>
internal sealed class ValidationResult
{
    private List<FieldError>? errors;

    public IReadOnlyList<FieldError> Errors => errors ?? (IReadOnlyList<FieldError>)[];

    /// <summary>
    /// A type, required, enum, maxLength, maxItems or maxProperties violation: the API server then skips every
    /// CEL rule (hasBlockingErr), since rules may assume the schema holds.
    /// </summary>
    public bool HasBlockingError { get; private set; }

    public void Add(FieldError error) => (errors ??= []).Add(error);

    public void AddBlocking(FieldError error)
    {
        Add(error);
        HasBlockingError = true;
    }

    public void Merge(ValidationResult other)
    {
        foreach (var error in other.Errors)
        {
            Add(error);
        }

        HasBlockingError |= other.HasBlockingError;
    }
}
