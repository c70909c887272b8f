using ElasticCompute.Api.Machines;
using ElasticCompute.Api.Policy;
using k8s.Models;

namespace ElasticCompute.Operator.Machines;

/// <summary>
/// The Service that exposes a machine as the policy says: named after the machine and owned by it, of the policy's
/// type, one TCP port per exposed guest port (ssh for 22, else tcp-&lt;port&gt;), selecting the machine's VMI by
/// KubeVirt's vm.kubevirt.io/name label. Node ports the cluster allocated are carried over, so changing the port list
/// or the type keeps the addresses people already use.
/// </summary>
internal static class MachineServiceBuilder
{
    /// <summary>KubeVirt's label on a VM's VMI (and its virt-launcher pod): the VM's name.</summary>
    public const string VmNameLabel = "vm.kubevirt.io/name";

    public static string PortName(int port) => port == 22 ? "ssh" : $"tcp-{port}";

    /// <summary>The Service wanted for <paramref name="machine"/>; null when the policy exposes nothing.</summary>
    public static V1Service? Build(ElasticMachine machine, EffectiveExposure exposure, V1Service? existing)
    {
        ArgumentNullException.ThrowIfNull(machine);
        ArgumentNullException.ThrowIfNull(exposure);
        if (!exposure.Exposed)
        {
            return null;
        }

        var name = machine.Metadata.Name;
        return new V1Service
        {
            ApiVersion = "v1",
            Kind = "Service",
            Metadata = new V1ObjectMeta
            {
                Name = name,
                NamespaceProperty = machine.Metadata.NamespaceProperty,
                Labels = MachineLabels.For(name),
                OwnerReferences = [MachineOwner.ReferenceTo(machine)],
            },
            Spec = new V1ServiceSpec
            {
                Type = exposure.Type.ToString(),
                Selector = new Dictionary<string, string>(StringComparer.Ordinal) { [VmNameLabel] = name },
                Ports = [.. exposure.Ports.Select(port => new V1ServicePort
                {
                    Name = PortName(port),
                    Protocol = "TCP",
                    Port = port,
                    TargetPort = port,
                    NodePort = existing?.Spec?.Ports?.FirstOrDefault(p => p.Port == port && p.Protocol is null or "TCP")?.NodePort,
                })],
            },
        };
    }

    /// <summary>Whether <paramref name="current"/> already is what <paramref name="desired"/> asks (what the cluster adds aside).</summary>
    public static bool Matches(V1Service current, V1Service desired)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(desired);
        var have = current.Spec?.Ports ?? [];
        var want = desired.Spec.Ports;
        return current.Spec?.Type == desired.Spec.Type
            && current.Spec?.Selector is { } selector && selector.Count == desired.Spec.Selector.Count && desired.Spec.Selector.All(s => selector.TryGetValue(s.Key, out var v) && v == s.Value)
            && have.Count == want.Count
            && have.Zip(want).All(p => p.First.Name == p.Second.Name && p.First.Port == p.Second.Port && p.First.TargetPort?.Value == p.Second.TargetPort.Value && p.First.Protocol is null or "TCP")
            && desired.Metadata.Labels.All(l => current.Metadata.Labels?.TryGetValue(l.Key, out var v) == true && v == l.Value);
    }
}
