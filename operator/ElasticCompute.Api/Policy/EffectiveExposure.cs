namespace ElasticCompute.Api.Policy;

/// <summary>The exposure with defaults applied: the Service type (None: no Service) and the guest ports, ascending.</summary>
public sealed record EffectiveExposure(ExposureType Type, IReadOnlyList<int> Ports)
{
    public bool Exposed => Type != ExposureType.None;
}
