using ElasticCompute.Api.Machines;
using ElasticCompute.Api.Policy;
using ElasticCompute.Api.Recommendation;
using FluentValidation.Results;

namespace ElasticCompute.Api.Validation;

internal sealed class ElasticMachineValidator(IStorageRecommender recommender) : IElasticMachineValidator
{
    private readonly MachineRules rules = new(recommender);

    public ValidationResult ValidateCreate(ElasticMachine machine, EffectivePolicy policy)
    {
        ArgumentNullException.ThrowIfNull(machine);
        ArgumentNullException.ThrowIfNull(policy);
        return rules.Validate(new MachineValidationRequest(Normalize(machine), null, policy));
    }

    public ValidationResult ValidateUpdate(ElasticMachine current, ElasticMachine updated, EffectivePolicy policy)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(updated);
        ArgumentNullException.ThrowIfNull(policy);
        return rules.Validate(new MachineValidationRequest(Normalize(updated), Normalize(current), policy));
    }

    // JSON may carry "metadata": null or "spec": null; the rules then see empty ones and say what is missing.
    private static ElasticMachine Normalize(ElasticMachine machine) =>
        machine.Metadata is null || machine.Spec is null
            ? machine with { Metadata = machine.Metadata ?? new(), Spec = machine.Spec ?? new() }
            : machine;
}
