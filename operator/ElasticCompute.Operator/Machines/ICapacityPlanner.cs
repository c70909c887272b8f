using ElasticCompute.Api.Machines;
using ElasticCompute.Api.Policy;
using ElasticCompute.Operator.KubeVirt;
using k8s.Models;

namespace ElasticCompute.Operator.Machines;

/// <summary>
/// Pool capacity and namespace quota, counted the way the scheduler counts: a node belongs to a pool when it
/// carries the pool's node selector labels, is Ready and is not cordoned; a VMI takes its explicit
/// domain.resources.requests, else sockets x cores x threads vCPUs and its guest memory, from the node it is
/// on until it is Succeeded or Failed. Pure: the caller passes what its caches hold.
/// </summary>
internal interface ICapacityPlanner
{
    /// <summary>The pool's totals for ElasticComputePolicy.status.pools.</summary>
    PoolCapacity Measure(ResourcePool pool, IEnumerable<V1Node> nodes, NodeUsage usage);

    /// <summary>
    /// Whether a machine of <paramref name="size"/> fits in the pool. When the usage carries the machine's own
    /// placed VMI (<see cref="NodeUsage.Own"/>), the machine is growing: it fits when its node holds the delta, or when another node
    /// holds the whole machine (after a restart it may land there).
    /// </summary>
    CapacityVerdict CheckFit(ResourcePool pool, IEnumerable<V1Node> nodes, NodeUsage usage, MachineSize size);

    /// <summary>
    /// A machine that asks for no more than it has (a shrink): it fits on <paramref name="node"/>, where it runs (null when
    /// stopped), whatever else took room meanwhile, so a shrink is never refused.
    /// </summary>
    CapacityVerdict Keep(string? node, MachineSize size);

    /// <summary>
    /// Whether the namespace's quota holds the machine. <paramref name="others"/> are the namespace's other
    /// machines; <paramref name="current"/> is what this machine counts now (null for a new one), so a
    /// growing machine counts only its delta and a dimension that does not grow is never refused.
    /// </summary>
    CapacityVerdict CheckQuota(string @namespace, NamespaceQuotaLimits? quota, IReadOnlyCollection<MachineUsage> others, MachineUsage wanted, MachineUsage? current = null);
}
