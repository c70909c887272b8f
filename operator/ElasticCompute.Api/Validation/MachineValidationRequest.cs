using ElasticCompute.Api.Machines;
using ElasticCompute.Api.Policy;

namespace ElasticCompute.Api.Validation;

/// <summary>What the rules look at: the machine, the machine before an update (null on create) and the policy.</summary>
internal sealed record MachineValidationRequest(ElasticMachine Machine, ElasticMachine? Current, EffectivePolicy Policy)
{
    public ElasticMachineSpec Spec => Machine.Spec;

    public ElasticMachineSpec? CurrentSpec => Current?.Spec;

    public bool IsUpdate => Current is not null;

    /// <summary>True on create, and on update when the selected value differs from the current one.</summary>
    public bool Changed<T>(Func<ElasticMachineSpec, T> select) =>
        CurrentSpec is null || !EqualityComparer<T>.Default.Equals(select(Spec), select(CurrentSpec));
}
