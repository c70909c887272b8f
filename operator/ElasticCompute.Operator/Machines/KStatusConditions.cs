namespace ElasticCompute.Operator.Machines;

/// <summary>
/// kstatus's abnormal-true conditions (sigs.k8s.io/cli-utils): present and True only while the machine is
/// not yet as asked (Reconciling) or cannot get there without help (Stalled); absent otherwise. With
/// observedGeneration, they are what Flux and kstatus-based tools read; Ready is what people and Argo CD read.
/// </summary>
internal static class KStatusConditions
{
    public const string Reconciling = Api.Machines.MachineConditions.Reconciling;
    public const string Stalled = Api.Machines.MachineConditions.Stalled;
}
