using FluentValidation.Results;

namespace ElasticCompute.Api.Validation;

public static class ValidationResultExtensions
{
    /// <summary>"spec.cpu: 48 is above the largest allowed size 32".</summary>
    public static string ToMessage(this ValidationFailure failure)
    {
        ArgumentNullException.ThrowIfNull(failure);
        return $"{failure.PropertyName}: {failure.ErrorMessage}";
    }

    /// <summary>Every failure on a line of its own.</summary>
    public static IReadOnlyList<string> ToMessages(this ValidationResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return result.Errors.Select(ToMessage).ToArray();
    }
}
