using ElasticCompute.Api.Machines;
using ElasticCompute.Api.Policy;
using ElasticCompute.Operator.KubeVirt;
using k8s.Models;

namespace ElasticCompute.Operator.Machines;

/// <summary>The planner over a plain list of VMIs (summed on each call): the tests' fixtures are lists; the operator passes its tracker's usage.</summary>
internal static class CapacityPlannerListExtensions
{
    public static PoolCapacity Measure(this ICapacityPlanner planner, ResourcePool pool, IEnumerable<V1Node> nodes, IEnumerable<VirtualMachineInstance> instances) =>
        planner.Measure(pool, nodes, NodeUsage.Of(instances));

    public static CapacityVerdict CheckFit(this ICapacityPlanner planner, ResourcePool pool, IEnumerable<V1Node> nodes, IEnumerable<VirtualMachineInstance> instances, MachineSize size, MachineKey? self = null) =>
        planner.CheckFit(pool, nodes, NodeUsage.Of(instances, self), size);
}
