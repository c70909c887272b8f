using System.Net;
using System.Text.Json;
using ElasticCompute.Api.Machines;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace ElasticCompute.Portal.Cluster;

/// <summary>
/// The ElasticMachines of a tenant, as the signed-in user reads and writes them. Callers have already checked that
/// the user may use the namespace; with impersonation on, the API server checks again.
/// </summary>
internal sealed class MachineStore(ClusterClients clients)
{
    public const string FieldManager = "elasticcompute-portal";

    private IKubernetes Client => clients.User;

    public async Task<IReadOnlyList<ElasticMachine>> ListAsync(string @namespace, CancellationToken cancellationToken)
    {
        var list = await Client.CustomObjects.ListNamespacedCustomObjectAsync<ElasticMachineList>(
            ElasticMachine.KubeGroup, ElasticMachine.KubeApiVersion, @namespace, ElasticMachine.KubePluralName, cancellationToken: cancellationToken).ConfigureAwait(false);
        return list.Items.OrderBy(m => m.Metadata.Name, StringComparer.Ordinal).ToArray();
    }

    /// <summary>
    /// One page of a tenant's machines in name order, as the API server pages a list (limit and continue), so a tenant with
    /// thousands of machines costs the same per view as one with fifty.
    /// </summary>
    public async Task<MachinePage> ListPageAsync(string @namespace, int limit, string? continueToken, CancellationToken cancellationToken)
    {
        var list = await Client.CustomObjects.ListNamespacedCustomObjectAsync<ElasticMachineList>(
            ElasticMachine.KubeGroup, ElasticMachine.KubeApiVersion, @namespace, ElasticMachine.KubePluralName,
            continueParameter: string.IsNullOrEmpty(continueToken) ? null : continueToken, limit: limit, cancellationToken: cancellationToken).ConfigureAwait(false);
        return new MachinePage(list.Items.ToArray(), string.IsNullOrEmpty(list.Metadata.ContinueProperty) ? null : list.Metadata.ContinueProperty, list.Metadata.RemainingItemCount);
    }

    /// <summary>Every tenant's machines (admins' capacity page).</summary>
    public async Task<IReadOnlyList<ElasticMachine>> ListAllAsync(CancellationToken cancellationToken)
    {
        var list = await Client.CustomObjects.ListClusterCustomObjectAsync<ElasticMachineList>(
            ElasticMachine.KubeGroup, ElasticMachine.KubeApiVersion, ElasticMachine.KubePluralName, cancellationToken: cancellationToken).ConfigureAwait(false);
        return list.Items.ToArray();
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
