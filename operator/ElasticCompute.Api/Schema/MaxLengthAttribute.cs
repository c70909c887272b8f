namespace ElasticCompute.Api.Schema;

/// <summary>
/// The schema's <c>maxLength</c> (strings) or <c>maxItems</c> (lists). Ours rather than DataAnnotations' attribute of the
/// same name, whose validation uses reflection and so marks every use site unsafe for the operator's Native AOT build.
/// </summary>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = false)]
public sealed class MaxLengthAttribute(int length) : Attribute
{
    public int Length { get; } = length;
}
