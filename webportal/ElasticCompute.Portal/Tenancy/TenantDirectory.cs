using System.Net;
using ElasticCompute.Api.Policy;
using ElasticCompute.Portal.Cluster;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace ElasticCompute.Portal.Tenancy;

/// <summary>Tenants are namespaces labelled elasticcompute.io/tenant=true; an admin makes them, with their quota in the policy.</summary>
internal sealed class TenantDirectory(ClusterClients clients)
{
    public async Task<IReadOnlyList<string>> ListAsync(CancellationToken cancellationToken)
    {
        var namespaces = await clients.Portal.CoreV1.ListNamespaceAsync(labelSelector: $"{TenantLabel.Name}=true", cancellationToken: cancellationToken).ConfigureAwait(false);
        return namespaces.Items.Where(n => n.Metadata.DeletionTimestamp is null).Select(n => n.Metadata.Name).Order(StringComparer.Ordinal).ToArray();
    }

    /// <summary>Makes the namespace a tenant (creating it when absent) and, when limits are given, sets its quota in the policy.</summary>
    public async Task CreateAsync(string name, NamespaceQuotaLimits? limits, CancellationToken cancellationToken)
    {
        try
        {
            await clients.User.CoreV1.CreateNamespaceAsync(
                new V1Namespace { Metadata = new V1ObjectMeta { Name = name, Labels = new Dictionary<string, string> { [TenantLabel.Name] = "true" } } },
                fieldManager: MachineStore.FieldManager, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.Conflict)
        {
            // An existing namespace (made with kubectl, say) becomes a tenant by its label.
            var patch = new V1Patch(System.Text.Json.JsonSerializer.Serialize(new { metadata = new { labels = new Dictionary<string, string> { [TenantLabel.Name] = "true" } } }), V1Patch.PatchType.MergePatch);
            await clients.User.CoreV1.PatchNamespaceAsync(patch, name, fieldManager: MachineStore.FieldManager, cancellationToken: cancellationToken).ConfigureAwait(false);
        }

        if (limits is not null)
        {
            await SetQuotaAsync(name, limits, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Writes the namespace's entry in the policy's quotas (creating the policy when there is none).</summary>
    public async Task SetQuotaAsync(string name, NamespaceQuotaLimits limits, CancellationToken cancellationToken)
    {
        var custom = clients.User.CustomObjects;
        for (var attempt = 0; ; attempt++)
        {
            ElasticComputePolicy? policy;
            try
            {
                policy = await custom.GetClusterCustomObjectAsync<ElasticComputePolicy>(
                    ElasticComputePolicy.KubeGroup, ElasticComputePolicy.KubeApiVersion, ElasticComputePolicy.KubePluralName, ElasticComputePolicy.DefaultName,
                    cancellationToken).ConfigureAwait(false);
            }
            catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
            {
                policy = null;
            }

            var quotas = (policy?.Spec.Quotas ?? []).Where(q => q.Namespace != name).Append(new NamespaceQuota { Namespace = name, Limits = limits })
                .OrderBy(q => q.Namespace, StringComparer.Ordinal).ToList();
            try
            {
                if (policy is null)
                {
                    var created = new ElasticComputePolicy { Metadata = new V1ObjectMeta { Name = ElasticComputePolicy.DefaultName }, Spec = new ElasticComputePolicySpec { Quotas = quotas } };
                    await custom.CreateClusterCustomObjectAsync(created, ElasticComputePolicy.KubeGroup, ElasticComputePolicy.KubeApiVersion, ElasticComputePolicy.KubePluralName,
                        fieldManager: MachineStore.FieldManager, cancellationToken: cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    policy.Spec.Quotas = quotas;
                    policy.Status = null;
                    await custom.ReplaceClusterCustomObjectAsync(policy, ElasticComputePolicy.KubeGroup, ElasticComputePolicy.KubeApiVersion, ElasticComputePolicy.KubePluralName,
                        ElasticComputePolicy.DefaultName, fieldManager: MachineStore.FieldManager, cancellationToken: cancellationToken).ConfigureAwait(false);
                }

                return;
            }
            catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.Conflict && attempt < 5)
            {
                // The policy changed under us (the operator writes its status): read it again.
            }
        }
    }
}
