using ElasticCompute.Api.Machines;
using ElasticCompute.Api.Policy;
using ElasticCompute.Api.Quantities;
using ElasticCompute.Api.Recommendation;

namespace ElasticCompute.Api.Defaulting;

/// <summary>
/// What the platform fills in when a machine leaves it out (the mutating webhook applies it; the portal shows it).
/// Pure: the same machine and policy give the same defaults.
/// </summary>
public interface IMachineDefaulter
{
    /// <param name="machine">The machine as submitted.</param>
    /// <param name="current">The stored machine on an update; null on create.</param>
    /// <param name="policy">The effective platform policy.</param>
    MachineDefaults Defaults(ElasticMachine machine, ElasticMachine? current, EffectivePolicy policy);
}
