using ElasticCompute.Api.Machines;

namespace ElasticCompute.Portal.Consoles;

/// <summary>Where a machine's consoles are: its VirtualMachineInstance (named as its VM) and the portal's addresses for them.</summary>
internal static class MachineConsole
{
    public const string SubProtocol = "plain.kubevirt.io";

    public static string VmiName(ElasticMachine machine)
    {
        ArgumentNullException.ThrowIfNull(machine);
        return machine.Status?.VirtualMachineName ?? machine.Metadata.Name;
    }

    /// <summary>Whether the machine has a VMI now (starting, running, stopping, or failed): then its page links the console.</summary>
    public static bool HasVmi(ElasticMachine machine)
    {
        ArgumentNullException.ThrowIfNull(machine);
        return machine.Metadata.DeletionTimestamp is null
            && machine.Status?.Phase is MachinePhase.Starting or MachinePhase.Running or MachinePhase.Stopping or MachinePhase.Failed;
    }

    /// <summary>KubeVirt's console (or vnc) subresource of the VMI.</summary>
    public static string ApiPath(string @namespace, string vmi, ConsoleKind kind)
    {
        ArgumentNullException.ThrowIfNull(kind);
        return $"/apis/subresources.kubevirt.io/v1/namespaces/{Uri.EscapeDataString(@namespace)}/virtualmachineinstances/{Uri.EscapeDataString(vmi)}/{kind.Subresource}";
    }

    /// <summary>The portal's console page of a machine.</summary>
    public static string PagePath(string tenant, string machine) => PagePath(tenant, machine, ConsoleKind.Serial);

    /// <summary>The portal's console (or display) page of a machine; its WebSocket is this with /socket.</summary>
    public static string PagePath(string tenant, string machine, ConsoleKind kind)
    {
        ArgumentNullException.ThrowIfNull(kind);
        return $"/tenants/{Uri.EscapeDataString(tenant)}/machines/{Uri.EscapeDataString(machine)}/{kind.Page}";
    }
}
