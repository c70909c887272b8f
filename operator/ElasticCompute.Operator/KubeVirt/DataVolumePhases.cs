namespace ElasticCompute.Operator.KubeVirt;

/// <summary>The DataVolume status.phase values the operator distinguishes.</summary>
internal static class DataVolumePhases
{
    public const string Pending = "Pending";
    public const string Succeeded = "Succeeded";
    public const string Failed = "Failed";
    public const string WaitForFirstConsumer = "WaitForFirstConsumer";
}
