using System.Net;
using System.Text.Json.Nodes;
using ElasticCompute.Api.Machines;
using ElasticCompute.Api.Policy;
using ElasticCompute.Operator.Machines;
using ElasticCompute.Runtime.Events;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace ElasticCompute.Operator.Controllers;

/// <summary>
/// Keeps each machine's Service as the policy's exposure says: created when exposed, patched when the type or ports
/// change (drift undone), deleted when the policy says None. A Service of the machine's name that another owner holds
/// is left alone and reported. Reads the cache; writes only what differs.
/// </summary>
internal sealed class MachineServices(Kubernetes client, MachineCaches caches, IEventRecorder events)
{
    private const string FieldManager = "elasticcompute-operator";

    public async Task EnsureAsync(ElasticMachine machine, EffectivePolicy policy, CancellationToken cancellationToken)
    {
        var ns = machine.Metadata.NamespaceProperty;
        var name = machine.Metadata.Name;
        var current = caches.Services.Find(ns, name);
        if (current is not null && current.Metadata.OwnerReferences?.Any(o => o.Uid == machine.Metadata.Uid) != true)
        {
            if (policy.Exposure.Exposed)
            {
                events.Warning(machine, "ServiceConflict", "Expose", $"service {name} exists and belongs to someone else; the machine is not exposed");
            }

            return;
        }

        var desired = MachineServiceBuilder.Build(machine, policy.Exposure, current);
        if (desired is null)
        {
            if (current is not null && current.Metadata.DeletionTimestamp is null)
            {
                await DeleteAsync(ns, name, cancellationToken).ConfigureAwait(false);
                events.Normal(machine, "ServiceDeleted", "Expose", $"deleted service {name} (the policy exposes no machines)");
            }

            return;
        }

        if (current is null)
        {
            try
            {
                await client.CoreV1.CreateNamespacedServiceAsync(desired, ns, fieldManager: FieldManager, cancellationToken: cancellationToken).ConfigureAwait(false);
                events.Normal(machine, "ServiceCreated", "Expose", $"created {desired.Spec.Type} service {name} for port(s) {string.Join(", ", policy.Exposure.Ports)}");
            }
            catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.Conflict)
            {
                // made already (a stale cache): the next pass sees it
            }

            return;
        }

        if (MachineServiceBuilder.Matches(current, desired))
        {
            return;
        }

        // A merge patch replaces the port list whole; the node ports carried over in it keep the addresses in use.
        var patch = new JsonObject
        {
            ["metadata"] = new JsonObject { ["labels"] = JsonNode.Parse(KubernetesJson.Serialize(desired.Metadata.Labels)) },
            ["spec"] = new JsonObject
            {
                ["type"] = desired.Spec.Type,
                ["selector"] = JsonNode.Parse(KubernetesJson.Serialize(desired.Spec.Selector)),
                ["ports"] = JsonNode.Parse(KubernetesJson.Serialize(desired.Spec.Ports)),
            },
        };
        await client.CoreV1.PatchNamespacedServiceAsync(new V1Patch(patch.ToJsonString(), V1Patch.PatchType.MergePatch), name, ns, fieldManager: FieldManager, cancellationToken: cancellationToken).ConfigureAwait(false);
        events.Normal(machine, "ServiceUpdated", "Expose", $"updated service {name}: {desired.Spec.Type}, port(s) {string.Join(", ", policy.Exposure.Ports)}");
    }

    /// <summary>What status.access says now, from the cached Service and nodes.</summary>
    public MachineAccess? Access(ElasticMachine machine, EffectivePolicy policy, string? node)
    {
        var service = caches.Services.Find(machine.Metadata.NamespaceProperty, machine.Metadata.Name);
        if (service?.Metadata.OwnerReferences?.Any(o => o.Uid == machine.Metadata.Uid) != true || !policy.Exposure.Exposed)
        {
            return null;
        }

        return MachineAccessBuilder.Build(service, caches.Nodes.List(), node, policy.SshUserFor(machine.Spec.Image));
    }

    private async Task DeleteAsync(string ns, string name, CancellationToken cancellationToken)
    {
        try
        {
            await client.CoreV1.DeleteNamespacedServiceAsync(name, ns, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
        }
    }
}
