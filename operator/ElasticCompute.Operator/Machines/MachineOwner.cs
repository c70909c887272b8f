using ElasticCompute.Api.Machines;
using k8s.Models;

namespace ElasticCompute.Operator.Machines;

/// <summary>The controller owner reference to an ElasticMachine: garbage collection and Owns&lt;T&gt; both follow it.</summary>
internal static class MachineOwner
{
    public static V1OwnerReference ReferenceTo(ElasticMachine machine)
    {
        ArgumentNullException.ThrowIfNull(machine);
        return new V1OwnerReference
        {
            ApiVersion = ElasticMachine.ApiVersionValue,
            Kind = ElasticMachine.KubeKind,
            Name = machine.Metadata.Name,
            Uid = machine.Metadata.Uid,
            Controller = true,
            BlockOwnerDeletion = true,
        };
    }
}
