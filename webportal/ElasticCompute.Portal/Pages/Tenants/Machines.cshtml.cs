using ElasticCompute.Portal.Cluster;
using ElasticCompute.Portal.Machines;
using ElasticCompute.Portal.Tenancy;

namespace ElasticCompute.Portal.Pages.Tenants;

internal sealed class MachinesModel(MachineStore machines) : TenantPageModel
{
    public IReadOnlyList<MachineView>? Machines { get; private set; }

    public async Task OnGetAsync()
    {
        var list = await machines.ListAsync(Tenant, HttpContext.RequestAborted);
        Machines = list.Select(MachineView.Of).ToArray();
    }
}
