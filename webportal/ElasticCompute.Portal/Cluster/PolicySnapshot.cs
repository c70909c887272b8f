using ElasticCompute.Api.Policy;

namespace ElasticCompute.Portal.Cluster;

/// <summary>The platform policy in effect and the capacity the operator last wrote to its status.</summary>
/// <param name="Problem">Why the stored policy is not in effect (the built-in one is then), when it is not.</param>
internal sealed record PolicySnapshot(EffectivePolicy Policy, ElasticComputePolicyStatus? Status, string? Problem);
