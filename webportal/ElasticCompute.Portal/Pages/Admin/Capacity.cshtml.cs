using ElasticCompute.Portal.Cluster;
using k8s;
using ElasticCompute.Portal.Machines;
using ElasticCompute.Portal.Pages.Tenants;
using ElasticCompute.Portal.Tenancy;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ElasticCompute.Portal.Pages.Admin;

/// <summary>Used and free vCPU, memory and storage per pool (the policy's status), per node and per tenant (the machines).</summary>
internal sealed class CapacityModel(MachineStore machines, PolicyReader policies, TenantDirectory tenants, ClusterClients clients) : PageModel
{
    public IReadOnlyList<(string Name, IReadOnlyList<UsageBar> Bars, string? Slot)> Pools { get; private set; } = [];

    public IReadOnlyList<(string Node, IReadOnlyList<UsageBar> Bars)>? Nodes { get; private set; }

    public IReadOnlyList<(string Tenant, IReadOnlyList<UsageBar> Bars)>? Tenants { get; private set; }

    public string? Problem { get; private set; }

    public async Task OnGetAsync()
    {
        var ct = HttpContext.RequestAborted;
        var snapshot = await policies.ReadAsync(ct);
        Problem = snapshot.Problem;
        Pools = (snapshot.Status?.Pools ?? []).Select(p => (p.Name, QuotaModel.PoolBars(p),
            p.LargestFreeSlot is { } s ? $"{s.Cpu} vCPU and {Sizes.Of(s.Memory)} on {s.NodeName}" : null)).ToArray();

        var all = await machines.ListAllAsync(ct);
        var nodes = await clients.Portal.CoreV1.ListNodeAsync(cancellationToken: ct);
        Nodes = nodes.Items.OrderBy(n => n.Metadata.Name, StringComparer.Ordinal).Select(n =>
        {
            var on = all.Where(m => m.Status?.NodeName == n.Metadata.Name).ToArray();
            var usage = TenantUsage.Of(on, snapshot.Policy);
            var cpu = n.Status?.Allocatable?.TryGetValue("cpu", out var c) == true ? (decimal?)c.ToDecimal() : null;
            var memory = n.Status?.Allocatable?.TryGetValue("memory", out var m) == true ? (decimal?)m.ToDecimal() : null;
            IReadOnlyList<UsageBar> bars = [UsageBar.Count("vCPU", usage.Cpu, cpu), UsageBar.Bytes("Memory", usage.MemoryBytes, memory), UsageBar.Count("Machines", usage.Machines, null)];
            return (n.Metadata.Name, bars);
        }).ToArray();

        var names = await tenants.ListAsync(ct);
        Tenants = names.Select(t =>
        {
            var usage = TenantUsage.Of(all.Where(m => m.Metadata.NamespaceProperty == t), snapshot.Policy);
            return (t, UsageBar.ForTenant(usage, snapshot.Policy.QuotaFor(t)));
        }).ToArray();
    }
}
