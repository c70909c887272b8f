namespace ElasticCompute.Operator.KubeVirt;

/// <summary>KubeVirt's spec.runStrategy values.</summary>
internal static class RunStrategies
{
    public const string Always = "Always";
    public const string Halted = "Halted";
    public const string Manual = "Manual";
    public const string RerunOnFailure = "RerunOnFailure";
    public const string Once = "Once";
}
