using System.Net;
using System.Text.Json;
using ElasticCompute.Api.Machines;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace ElasticCompute.Portal.Cluster;

/// <summary>
/// The ElasticMachines of a tenant, as the signed-in user reads and writes them. Callers have already checked that
/// the user may use the namespace; with impersonation on, the API server checks again. Lists are read from the
/// shared cache; a single machine is read from the API server, so a page after a write shows that write.
/// </summary>
internal sealed class MachineStore(ClusterClients clients, MachineCatalog catalog)
{
    public const string FieldManager = "elasticcompute-portal";

    private IKubernetes Client => clients.User;

    /// <summary>
    /// A tenant's machines in name order, from the portal's shared cache (<see cref="MachineCatalog"/>, read with the
    /// portal's identity). With impersonation on, the user's own right to list the namespace is asked of the API server
    /// first (one item), so RBAC still decides who sees what.
    /// </summary>
    public async Task<IReadOnlyList<ElasticMachine>> ListAsync(string @namespace, CancellationToken cancellationToken)
    {
        await EnsureMayListAsync(@namespace, cancellationToken).ConfigureAwait(false);
        return await catalog.ListAsync(@namespace, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Every tenant's machines (admins' capacity and tenants pages), from the shared cache.</summary>
    public async Task<IReadOnlyList<ElasticMachine>> ListAllAsync(CancellationToken cancellationToken)
    {
        await EnsureMayListAsync(null, cancellationToken).ConfigureAwait(false);
        return await catalog.ListAllAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>With impersonation on, asks the API server for one machine as the user (all namespaces when null): a refusal is RBAC's answer.</summary>
    public async Task EnsureMayListAsync(string? @namespace, CancellationToken cancellationToken)
    {
        if (!clients.Impersonating)
        {
            return;
        }

        if (@namespace is null)
        {
            await Client.CustomObjects.ListClusterCustomObjectAsync<ElasticMachineList>(
                ElasticMachine.KubeGroup, ElasticMachine.KubeApiVersion, ElasticMachine.KubePluralName, limit: 1, cancellationToken: cancellationToken).ConfigureAwait(false);
            return;
        }

        await Client.CustomObjects.ListNamespacedCustomObjectAsync<ElasticMachineList>(
            ElasticMachine.KubeGroup, ElasticMachine.KubeApiVersion, @namespace, ElasticMachine.KubePluralName, limit: 1, cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    public async Task<ElasticMachine?> GetAsync(string @namespace, string name, CancellationToken cancellationToken)
    {
        try
        {
            return await Client.CustomObjects.GetNamespacedCustomObjectAsync<ElasticMachine>(
                ElasticMachine.KubeGroup, ElasticMachine.KubeApiVersion, @namespace, ElasticMachine.KubePluralName, name, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    public Task<ElasticMachine> CreateAsync(ElasticMachine machine, CancellationToken cancellationToken) =>
        Client.CustomObjects.CreateNamespacedCustomObjectAsync<ElasticMachine>(
            machine, ElasticMachine.KubeGroup, ElasticMachine.KubeApiVersion, machine.Metadata.NamespaceProperty, ElasticMachine.KubePluralName,
            fieldManager: FieldManager, cancellationToken: cancellationToken);

    /// <summary>A JSON merge patch of the machine's spec (or metadata); the CRD's rules and the webhooks judge it.</summary>
    public Task<ElasticMachine> PatchAsync(string @namespace, string name, object mergePatch, CancellationToken cancellationToken) =>
        Client.CustomObjects.PatchNamespacedCustomObjectAsync<ElasticMachine>(
            new V1Patch(JsonSerializer.Serialize(mergePatch), V1Patch.PatchType.MergePatch), ElasticMachine.KubeGroup, ElasticMachine.KubeApiVersion,
            @namespace, ElasticMachine.KubePluralName, name, fieldManager: FieldManager, cancellationToken: cancellationToken);

    public async Task DeleteAsync(string @namespace, string name, CancellationToken cancellationToken)
    {
        try
        {
            await Client.CustomObjects.DeleteNamespacedCustomObjectAsync(
                ElasticMachine.KubeGroup, ElasticMachine.KubeApiVersion, @namespace, ElasticMachine.KubePluralName, name, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            // Already gone: what the user asked for.
        }
    }

    /// <summary>KubeVirt's restart of the machine's VirtualMachine (virt-api's PUT .../virtualmachines/NAME/restart).</summary>
    public async Task RestartAsync(string @namespace, string virtualMachine, CancellationToken cancellationToken)
    {
        if (Client is not Kubernetes kubernetes)
        {
            throw new InvalidOperationException("restart needs the client's HTTP pipeline");
        }

        var uri = new Uri(kubernetes.BaseUri, $"apis/subresources.kubevirt.io/v1/namespaces/{Uri.EscapeDataString(@namespace)}/virtualmachines/{Uri.EscapeDataString(virtualMachine)}/restart");
        using var request = new HttpRequestMessage(HttpMethod.Put, uri) { Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json") };
        if (kubernetes.Credentials is { } credentials)
        {
            await credentials.ProcessHttpRequestAsync(request, cancellationToken).ConfigureAwait(false);
        }

        using var response = await kubernetes.HttpClient.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            throw new HttpOperationException($"restart returned {(int)response.StatusCode}")
            {
                Response = new HttpResponseMessageWrapper(response, body),
            };
        }
    }

    /// <summary>The machine's events, newest first (core/v1 Events whose involvedObject is the machine).</summary>
    public async Task<IReadOnlyList<Corev1Event>> EventsAsync(string @namespace, string name, CancellationToken cancellationToken)
    {
        var events = await Client.CoreV1.ListNamespacedEventAsync(
            @namespace, fieldSelector: $"involvedObject.kind={ElasticMachine.KubeKind},involvedObject.name={name}", cancellationToken: cancellationToken).ConfigureAwait(false);
        return events.Items.OrderByDescending(e => e.LastTimestamp ?? e.EventTime ?? e.Metadata.CreationTimestamp).ToArray();
    }
}
