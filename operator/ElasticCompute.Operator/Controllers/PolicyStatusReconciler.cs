using ElasticCompute.Api.Policy;
using ElasticCompute.Operator.KubeVirt;
using ElasticCompute.Operator.Machines;
using ElasticCompute.Runtime.Controllers;
using ElasticCompute.Runtime.Informers;
using k8s;
using k8s.Models;

namespace ElasticCompute.Operator.Controllers;

/// <summary>
/// Writes each pool's capacity (nodes, total/allocated/free vCPU and memory, largest free slot) and
/// whether the policy is usable to the "default" ElasticComputePolicy's status, so admins and the
/// portal see what is left.
/// </summary>
internal sealed class PolicyStatusReconciler(
    IKubernetes client,
    ICache<ElasticComputePolicy> policies,
    MachineCaches caches,
    TimeProvider time) : IReconciler<ElasticComputePolicy>
{
    private readonly ICapacityPlanner capacity = new CapacityPlanner();

    public static ReconcileRequest DefaultRequest { get; } = new(null, ElasticComputePolicy.DefaultName);

    public async Task<ReconcileResult> ReconcileAsync(ReconcileRequest request, CancellationToken cancellationToken)
    {
        var policy = policies.Find(null, request.Name);
        if (policy is null || request.Name != ElasticComputePolicy.DefaultName)
        {
            return ReconcileResult.Done;
        }

        EffectivePolicy effective;
        string? problem = null;
        try
        {
            effective = EffectivePolicy.From(policy.Spec);
        }
        catch (InvalidPolicyException e)
        {
            effective = EffectivePolicy.Default;
            problem = e.Message;
        }

        var nodes = caches.Nodes.List();
        var usage = caches.Usage.Snapshot();
        var status = new ElasticComputePolicyStatus
        {
            ObservedGeneration = policy.Metadata.Generation,
            PoolCount = effective.Pools.Count,
            Pools = effective.Pools.Select(pool => capacity.Measure(pool, nodes, usage)).ToList(),
            Conditions = [Valid(policy, problem)],
        };

        if (policy.Status is { } current && Same(current, status))
        {
            return ReconcileResult.Done;
        }

        await client.CustomObjects.PatchClusterCustomObjectStatusAsync(
            new V1Patch($$"""[{"op":"add","path":"/status","value":{{KubernetesJson.Serialize(status)}}}]""", V1Patch.PatchType.JsonPatch),
            ElasticComputePolicy.KubeGroup,
            ElasticComputePolicy.KubeApiVersion,
            ElasticComputePolicy.KubePluralName,
            policy.Metadata.Name,
            fieldManager: "elasticcompute-operator",
            cancellationToken: cancellationToken).ConfigureAwait(false);
        return ReconcileResult.Done;
    }

    private V1Condition Valid(ElasticComputePolicy policy, string? problem)
    {
        var value = problem is null ? "True" : "False";
        var previous = policy.Status?.Conditions?.FirstOrDefault(c => c.Type == "Valid");
        var now = time.GetUtcNow().UtcDateTime;
        return new V1Condition
        {
            Type = "Valid",
            Status = value,
            Reason = problem is null ? "Valid" : "InvalidPolicy",
            Message = problem ?? "the policy is in effect",
            ObservedGeneration = policy.Metadata.Generation,
            LastTransitionTime = previous?.Status == value ? previous.LastTransitionTime : new DateTime(now.Ticks - (now.Ticks % TimeSpan.TicksPerSecond), DateTimeKind.Utc),
        };
    }

    private static bool Same(ElasticComputePolicyStatus current, ElasticComputePolicyStatus desired) =>
        KubernetesJson.Serialize(current) == KubernetesJson.Serialize(desired);
}
