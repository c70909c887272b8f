using ElasticCompute.DevCluster.Server.Registry;

namespace ElasticCompute.DevCluster.Server.Simulation;

/// <summary>
/// The loop that drives KubeVirt's two controllers: each pass settles the VMIs first (<see cref="VirtualMachineInstanceController"/>,
/// virt-handler's part) and then the VMs (<see cref="VirtualMachineController"/>, virt-controller's part), so a VM's
/// status in a pass already sees where its VMI went in that pass.
/// </summary>
internal sealed class KubeVirtController(ResourceRegistry registry, TimeProvider time, VirtualMachineInstanceController vmis, VirtualMachineController vms)
    : ReconcileLoop(registry, time)
{
    protected override bool Watches(string table) =>
        table is "nodes" or "virtualmachines.kubevirt.io" or "virtualmachineinstances.kubevirt.io" or "datavolumes.cdi.kubevirt.io";

    protected override async Task ReconcileAsync(CancellationToken cancellationToken)
    {
        await vmis.ReconcileAsync(WakeAt, cancellationToken).ConfigureAwait(false);
        await vms.ReconcileAsync(WakeAt, cancellationToken).ConfigureAwait(false);
    }
}
