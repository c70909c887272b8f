namespace ElasticCompute.Operator.KubeVirt;

/// <summary>A field whose presence is its meaning, serialized as <c>{}</c> (masquerade, pod, blank, noCloud).</summary>
internal sealed record EmptyObject
{
    public static EmptyObject Instance { get; } = new();
}
