using ElasticCompute.Api.Machines;
using ElasticCompute.Api.Policy;
using ElasticCompute.Operator.KubeVirt;
using k8s.Models;

namespace ElasticCompute.Operator.Machines;

/// <summary>Builds the desired KubeVirt VirtualMachine of an ElasticMachine. Pure: no I/O.</summary>
internal interface IVirtualMachineBuilder
{
    /// <param name="machine">The machine (its name, namespace and uid name the VM and its owner).</param>
    /// <param name="policy">The effective policy (pool node selector, hotplug caps).</param>
    /// <param name="size">The machine's resolved size (<see cref="MachineSize.Of"/>).</param>
    /// <param name="dataVolumeName">The DataVolume holding the boot disk (<see cref="DataVolumeNames.For"/>).</param>
    /// <param name="currentLimits">
    /// The hotplug limits of the existing VM, if any: kept while they still hold the new size, so a resize
    /// within them is applied live; otherwise the limits are recomputed for the new size (needs a restart).
    /// </param>
    VirtualMachine Build(ElasticMachine machine, EffectivePolicy policy, MachineSize size, string dataVolumeName, HotplugLimits? currentLimits = null);

    /// <summary>
    /// The Secret with the machine's SSH keys that the VM's accessCredentials point to, or null when the VM
    /// needs none (no keys, or keys carried inline in cloud-init user data). See <see cref="CloudInit"/>.
    /// </summary>
    V1Secret? BuildSshKeySecret(ElasticMachine machine);
}
