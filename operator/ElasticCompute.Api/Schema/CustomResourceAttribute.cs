namespace ElasticCompute.Api.Schema;

/// <summary>What a CustomResourceDefinition needs beyond <c>KubernetesEntity</c>: scope, names and categories.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
public sealed class CustomResourceAttribute : Attribute
{
    public bool ClusterScoped { get; init; }

    public string Singular { get; init; } = string.Empty;

    public string[] ShortNames { get; init; } = [];

    public string[] Categories { get; init; } = [];
}
