namespace ElasticCompute.Operator.KubeVirt;

/// <summary>A VirtualMachineInstance's status.phase values.</summary>
internal static class VmiPhases
{
    public const string Pending = "Pending";
    public const string Scheduling = "Scheduling";
    public const string Scheduled = "Scheduled";
    public const string Running = "Running";
    public const string Succeeded = "Succeeded";
    public const string Failed = "Failed";
    public const string Unknown = "Unknown";

    /// <summary>Succeeded or Failed: the VMI is over and holds no node resources.</summary>
    public static bool IsFinal(string? phase) => phase is Succeeded or Failed;
}
