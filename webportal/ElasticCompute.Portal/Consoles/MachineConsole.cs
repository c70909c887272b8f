using ElasticCompute.Api.Machines;

namespace ElasticCompute.Portal.Consoles;

/// <summary>Where a machine's console is: its VirtualMachineInstance (named as its VM) and the portal's addresses for it.</summary>
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

    /// <summary>KubeVirt's console subresource of the VMI.</summary>
    public static string ApiPath(string @namespace, string vmi) =>
        $"/apis/subresources.kubevirt.io/v1/namespaces/{Uri.EscapeDataString(@namespace)}/virtualmachineinstances/{Uri.EscapeDataString(vmi)}/console";

    /// <summary>The portal's console page of a machine.</summary>
    public static string PagePath(string tenant, string machine) =>
        $"/tenants/{Uri.EscapeDataString(tenant)}/machines/{Uri.EscapeDataString(machine)}/console";
}
