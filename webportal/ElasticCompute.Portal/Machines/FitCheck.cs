namespace ElasticCompute.Portal.Machines;

/// <summary>Whether a new machine fits the tenant's quota and the pool's free room now; it waits (and says so) when not.</summary>
/// <param name="Lines">One sentence per limit looked at, for example "quota: 6 of 16 vCPU used, 2 more fits".</param>
internal sealed record FitCheck(bool FitsQuota, bool FitsRoom, IReadOnlyList<string> Lines)
{
    public bool Fits => FitsQuota && FitsRoom;

    public string Summary =>
        Fits ? "It fits: the machine can start as soon as it is created."
        : !FitsQuota ? "It does not fit the tenant's quota: it will be created and wait until machines are released or the quota is raised."
        : "No node has room for it now: it will be created and wait until room frees up.";
}
