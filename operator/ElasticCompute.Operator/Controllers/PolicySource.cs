using ElasticCompute.Api.Policy;
using ElasticCompute.Runtime.Informers;

namespace ElasticCompute.Operator.Controllers;

/// <summary>
/// The effective platform policy: the "default" ElasticComputePolicy with defaults applied, parsed once
/// per resourceVersion; the built-in policy when there is none, or when it cannot be used.
/// </summary>
internal sealed class PolicySource(ICache<ElasticComputePolicy> cache)
{
    private (string? Version, EffectivePolicy Policy) current = (null, EffectivePolicy.Default);

    /// <summary>Why the stored policy is not in effect, when it is not.</summary>
    public string? Problem { get; private set; }

    public EffectivePolicy Current()
    {
        var stored = cache.Find(null, ElasticComputePolicy.DefaultName);
        var version = stored?.Metadata.ResourceVersion;
        var snapshot = current;
        if (snapshot.Version == version)
        {
            return snapshot.Policy;
        }

        try
        {
            var policy = EffectivePolicy.From(stored?.Spec);
            Problem = null;
            current = (version, policy);
            return policy;
        }
        catch (InvalidPolicyException e)
        {
            Problem = e.Message;
            return snapshot.Policy;
        }
    }
}
