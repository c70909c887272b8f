using ElasticCompute.Api.Policy;
using ElasticCompute.Portal.Cluster;
using ElasticCompute.Portal.Machines;
using ElasticCompute.Portal.Tenancy;

namespace ElasticCompute.Portal.Pages.Tenants;

/// <summary>The tenant's quota, used and free, and the free room of its pool, from the policy and its status.</summary>
internal sealed class QuotaModel(MachineStore machines, PolicyReader policies) : TenantPageModel
{
    public IReadOnlyList<UsageBar>? Bars { get; private set; }

    public bool HasQuota { get; private set; }

    public IReadOnlyList<UsageBar>? Pool { get; private set; }

    public string PoolName { get; private set; } = string.Empty;

    public string? LargestSlot { get; private set; }

    public async Task OnGetAsync()
    {
        var snapshot = await policies.ReadAsync(HttpContext.RequestAborted);
        var usage = TenantUsage.Of(await machines.ListAsync(Tenant, HttpContext.RequestAborted), snapshot.Policy);
        var quota = snapshot.Policy.QuotaFor(Tenant);
        HasQuota = quota is not null;
        Bars = UsageBar.ForTenant(usage, quota);
        PoolName = snapshot.Policy.DefaultPool.Name;
        if (snapshot.Status?.Pools?.FirstOrDefault(p => p.Name == PoolName) is { } pool)
        {
            Pool = PoolBars(pool);
            LargestSlot = pool.LargestFreeSlot is { } slot ? $"{slot.Cpu} vCPU and {Sizes.Of(slot.Memory)} on {slot.NodeName}" : null;
        }
    }

    /// <summary>A pool's vCPU, memory and (when its storage class reports a capacity) storage, used of total.</summary>
    public static IReadOnlyList<UsageBar> PoolBars(PoolCapacity pool)
    {
        ArgumentNullException.ThrowIfNull(pool);
        var bars = new List<UsageBar>
        {
            UsageBar.Count("vCPU", Number(pool.Cpu?.Allocated), Bytes(pool.Cpu?.Total)),
            UsageBar.Bytes("Memory", Bytes(pool.Memory?.Allocated) ?? 0, Bytes(pool.Memory?.Total)),
        };
        if (Bytes(pool.Storage?.Total) is { } storage)
        {
            bars.Add(UsageBar.Bytes("Storage", Bytes(pool.Storage?.Allocated) ?? 0, storage));
        }

        return bars;
    }

    private static decimal? Bytes(Api.Quantities.Quantity? quantity) => quantity is { } q && q.TryGetValue(out var b) ? b : null;

    private static decimal Number(Api.Quantities.Quantity? quantity) => Bytes(quantity) ?? 0;

}
