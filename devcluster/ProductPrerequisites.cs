using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace ElasticCompute.DevCluster;

/// <summary>What the dev host puts in place before the product starts (a cluster's chart does it there).</summary>
internal static class ProductPrerequisites
{
    /// <summary>
    /// Webhook configurations a previous run (--data-dir) registered point at that run's port, gone now; with
    /// failurePolicy Fail they would refuse every machine write until the new registration, so they go first.
    /// </summary>
    public static async Task RemoveStaleWebhooksAsync(IKubernetes client, CancellationToken cancellationToken)
    {
        try
        {
            await client.AdmissionregistrationV1.DeleteMutatingWebhookConfigurationAsync("elasticcompute-mutating", cancellationToken: cancellationToken);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
        }

        try
        {
            await client.AdmissionregistrationV1.DeleteValidatingWebhookConfigurationAsync("elasticcompute-validating", cancellationToken: cancellationToken);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
        }
    }

    public static async Task EnsureNamespaceAsync(IKubernetes client, string name, CancellationToken cancellationToken)
    {
        try
        {
            await client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = name } }, cancellationToken: cancellationToken);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.Conflict)
        {
            // there already (a --data-dir restart)
        }
    }

    /// <summary>
    /// The "default" ElasticComputePolicy: the built-in defaults with SSH exposed on node ports (loopback here), so the operator has an
    /// object to write each pool's capacity to and the portal shows free room from the first start.
    /// </summary>
    /// <param name="localImage">The qemu runtime's own image (a DataSource of that name), made the default and offered first; null: the policy's defaults.</param>
    public static async Task EnsureDefaultPolicyAsync(IKubernetes client, string? localImage, CancellationToken cancellationToken)
    {
        // On one machine every node port is loopback: reachable from this host only, so SSH is on by default.
        var spec = new Api.Policy.ElasticComputePolicySpec { Exposure = new Api.Policy.MachineExposure { Type = Api.Policy.ExposureType.NodePort } };
        if (localImage is not null)
        {
            spec.DefaultImage = new Api.Machines.MachineImage { DataSource = localImage };
            spec.GoldenImages = [new() { Name = localImage, DisplayName = "devcluster Linux (a real QEMU guest)", MinimumDiskSize = "1Gi", SshUser = "root" }, .. Api.Policy.PolicyDefaults.GoldenImages()];
        }

        try
        {
            await client.CustomObjects.CreateClusterCustomObjectAsync(
                new Api.Policy.ElasticComputePolicy { Metadata = new V1ObjectMeta { Name = Api.Policy.ElasticComputePolicy.DefaultName }, Spec = spec },
                Api.Policy.ElasticComputePolicy.KubeGroup, Api.Policy.ElasticComputePolicy.KubeApiVersion, Api.Policy.ElasticComputePolicy.KubePluralName,
                cancellationToken: cancellationToken);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.Conflict)
        {
            // there already: an admin's own, or a --data-dir restart
        }
    }

    /// <summary>
    /// On a cluster with no tenant yet, the namespace team-a as the portal's first tenant (the one the examples use), so a
    /// newcomer signs in and creates a machine at once, and what `kubectl apply -f examples/...` makes shows in the portal.
    /// </summary>
    public static async Task EnsureStarterTenantAsync(IKubernetes client, CancellationToken cancellationToken)
    {
        var label = Portal.Tenancy.TenantLabel.Name;
        var tenants = await client.CoreV1.ListNamespaceAsync(labelSelector: $"{label}=true", cancellationToken: cancellationToken);
        if (tenants.Items.Count > 0)
        {
            return;
        }

        var patch = new V1Patch(KubernetesJson.Serialize(new { metadata = new { labels = new Dictionary<string, string> { [label] = "true" } } }), V1Patch.PatchType.MergePatch);
        try
        {
            await client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = "team-a", Labels = new Dictionary<string, string> { [label] = "true" } } }, cancellationToken: cancellationToken);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.Conflict)
        {
            await client.CoreV1.PatchNamespaceAsync(patch, "team-a", cancellationToken: cancellationToken);
        }
    }
}
