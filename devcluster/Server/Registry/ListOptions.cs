using ElasticCompute.DevCluster.Server.Selectors;

namespace ElasticCompute.DevCluster.Server.Registry;

public sealed record ListOptions
{
    public static ListOptions Default { get; } = new();

    public LabelSelector Labels { get; init; } = LabelSelector.Everything;

    public FieldSelector Fields { get; init; } = FieldSelector.Everything;

    public int? Limit { get; init; }

    public string? Continue { get; init; }
}
