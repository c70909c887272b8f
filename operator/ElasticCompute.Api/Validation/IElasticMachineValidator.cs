using ElasticCompute.Api.Machines;
using ElasticCompute.Api.Policy;
using FluentValidation.Results;

namespace ElasticCompute.Api.Validation;

/// <summary>
/// The one set of ElasticMachine rules, shared by the admission webhook, the portal and the operator.
/// Each failure's PropertyName is the field path ("spec.cpu"), its ErrorMessage says the rule and the
/// allowed range, and its ErrorCode names the rule for machines; <see cref="ValidationResultExtensions"/>
/// joins them into "spec.cpu: 48 is above the largest allowed size 32".
/// </summary>
public interface IElasticMachineValidator
{
    ValidationResult ValidateCreate(ElasticMachine machine, EffectivePolicy policy);

    /// <summary>
    /// Checks <paramref name="updated"/> against <paramref name="current"/>: the update rules (disks only grow,
    /// image, storage class, pool and sizing form immutable) plus the create rules for fields that changed,
    /// so a policy tightened later never blocks an unrelated edit.
    /// </summary>
    ValidationResult ValidateUpdate(ElasticMachine current, ElasticMachine updated, EffectivePolicy policy);
}
