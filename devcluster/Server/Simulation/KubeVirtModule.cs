using ElasticCompute.DevCluster.Server.Hosting;
using ElasticCompute.DevCluster.Server.Resources;
using ElasticCompute.DevCluster.Server.Simulation.Runtime;

namespace ElasticCompute.DevCluster.Server.Simulation;

/// <summary>KubeVirt: its CRDs, the virt-controller/virt-handler behaviour, and the subresources.kubevirt.io API (start/stop/restart/console/vnc).</summary>
/// <param name="runtime">What runs the guests, made once the cluster's registry exists; null: the simulated runtime, on the cluster's clock.</param>
internal sealed class KubeVirtModule(SimulationOptions options, Func<DevClusterContext, IVmRuntime>? runtime = null) : IDevClusterModule
{
    private static readonly CrdBuilder.Column Age = new("Age", "date", ".metadata.creationTimestamp");

    public async Task StartAsync(DevClusterContext context, CancellationToken cancellationToken)
    {
        var dir = options.KubeVirtSchemaDirectory;
        string[] kubevirt = ["all", "kubevirt"];
        await context.ApplyCrdAsync(CrdBuilder.Crd(SimTypes.KubeVirtGroup, "v1", "VirtualMachine", "virtualmachines", "virtualmachine", true,
            ["vm", "vms"], kubevirt,
            [Age, new("Status", "string", ".status.printableStatus"), new("Ready", "string", ".status.conditions[?(@.type=='Ready')].status")],
            CrdBuilder.Schema(dir, "virtualmachine.yaml")), cancellationToken).ConfigureAwait(false);
        await context.ApplyCrdAsync(CrdBuilder.Crd(SimTypes.KubeVirtGroup, "v1", "VirtualMachineInstance", "virtualmachineinstances", "virtualmachineinstance", true,
            ["vmi", "vmis"], kubevirt,
            [
                Age,
                new("Phase", "string", ".status.phase"),
                new("IP", "string", ".status.interfaces[0].ipAddress"),
                new("NodeName", "string", ".status.nodeName"),
                new("Ready", "string", ".status.conditions[?(@.type=='Ready')].status"),
                new("Live-Migratable", "string", ".status.conditions[?(@.type=='LiveMigratable')].status", 1),
            ],
            CrdBuilder.Schema(dir, "virtualmachineinstance.yaml")), cancellationToken).ConfigureAwait(false);
        await context.ApplyCrdAsync(CrdBuilder.Crd("instancetype.kubevirt.io", "v1beta1", "VirtualMachineClusterInstancetype", "virtualmachineclusterinstancetypes", "virtualmachineclusterinstancetype", false,
            ["vmclusterinstancetype", "vmclusterinstancetypes", "vmcf", "vmcfs"], ["kubevirt"], [Age],
            CrdBuilder.Schema(dir, "virtualmachineclusterinstancetype.yaml"), status: false), cancellationToken).ConfigureAwait(false);
        await context.ApplyCrdAsync(CrdBuilder.Crd("instancetype.kubevirt.io", "v1beta1", "VirtualMachineClusterPreference", "virtualmachineclusterpreferences", "virtualmachineclusterpreference", false,
            ["vmclusterpref", "vmclusterprefs", "vmcp", "vmcps"], ["kubevirt"], [Age],
            CrdBuilder.Schema(dir, "virtualmachineclusterpreference.yaml"), status: false), cancellationToken).ConfigureAwait(false);

        await context.ApplyCrdAsync(CrdBuilder.Crd("instancetype.kubevirt.io", "v1beta1", "VirtualMachineInstancetype", "virtualmachineinstancetypes", "virtualmachineinstancetype", true,
            ["vminstancetype", "vminstancetypes", "vmf", "vmfs"], ["kubevirt"], [Age],
            CrdBuilder.Schema(dir, "virtualmachineinstancetype.yaml"), status: false), cancellationToken).ConfigureAwait(false);

        // No schema of the namespaced preference is in the reference data: it is served open.
        await context.ApplyCrdAsync(CrdBuilder.Crd("instancetype.kubevirt.io", "v1beta1", "VirtualMachinePreference", "virtualmachinepreferences", "virtualmachinepreference", true,
            ["vmpref", "vmprefs", "vmp", "vmps"], ["kubevirt"], [Age],
            CrdBuilder.Schema(null, "virtualmachinepreference.yaml"), status: false), cancellationToken).ConfigureAwait(false);

        // KubeVirt serves these through its aggregated virt-api; here they are module resources whose only verbs are the subresources.
        context.Registry.Catalog.SetModuleResources("kubevirt-subresources",
        [
            Subresources("VirtualMachine", "virtualmachines", "virtualmachine", ["start", "stop", "restart"]),
            Subresources("VirtualMachineInstance", "virtualmachineinstances", "virtualmachineinstance", ["console", "vnc"]),
        ]);
        var guests = runtime?.Invoke(context) ?? Simulated(context);
        var controller = new KubeVirtController(context.Registry, context.Time,
            new VirtualMachineInstanceController(context.Registry, context.Time, options, guests),
            new VirtualMachineController(context.Registry, context.Time));
        guests.Changed += controller.Poke;
        var actions = new VirtualMachineActions(context.Registry);
        foreach (var action in new[] { "start", "stop", "restart" })
        {
            context.Handler.MapSubresource(SimTypes.SubresourcesGroup, "virtualmachines", action, actions.HandleAsync);
        }

        var console = new SerialConsole(context.Registry, guests);
        context.Handler.MapSubresource(SimTypes.SubresourcesGroup, "virtualmachineinstances", "console", console.HandleAsync);
        context.Handler.MapSubresource(SimTypes.SubresourcesGroup, "virtualmachineinstances", "vnc", new VncDisplay(context.Registry, guests).HandleAsync);
        context.RunInBackground(controller.RunAsync);
        context.RunInBackground(new Services.ServiceController(context.Registry, context.Time, guests).ServeAsync);
    }

    /// <summary>The simulated runtime, its console sessions ending as their VMIs stop.</summary>
    private SimulatedVmRuntime Simulated(DevClusterContext context)
    {
        var sessions = new Serial.ConsoleSessions(context.Time, options.ConsoleLineDelay);
        context.RunInBackground(ct => sessions.RunAsync(context.Registry.Store, ResourceCatalog.StorageKey(SimTypes.Vmis(context.Registry)), ct));
        return new SimulatedVmRuntime(context.Time, options, sessions);
    }

    private static ResourceType Subresources(string kind, string plural, string singular, string[] subresources) => new()
    {
        Group = SimTypes.SubresourcesGroup,
        Version = "v1",
        Kind = kind,
        Plural = plural,
        Singular = singular,
        Namespaced = true,
        ExtraSubresources = subresources,
        SubresourcesOnly = true,
    };
}
