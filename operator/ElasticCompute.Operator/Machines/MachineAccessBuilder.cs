using ElasticCompute.Api.Machines;
using k8s.Models;

namespace ElasticCompute.Operator.Machines;

/// <summary>
/// Where a machine's Service answers from outside the cluster, as status.access says it: for NodePort, a Ready node's
/// ExternalIP (else InternalIP), the machine's own node first, and the node port; for LoadBalancer, the first
/// ingress IP or hostname and the Service port. An endpoint without an address yet is listed without host, and the
/// ssh command appears once port 22 has one.
/// </summary>
internal static class MachineAccessBuilder
{
    public static MachineAccess? Build(V1Service? service, IEnumerable<V1Node> nodes, string? machineNode, string sshUser)
    {
        ArgumentNullException.ThrowIfNull(nodes);
        if (service?.Spec?.Type is not ("NodePort" or "LoadBalancer") || service.Metadata?.DeletionTimestamp is not null)
        {
            return null;
        }

        var balancer = service.Spec.Type == "LoadBalancer";
        var host = balancer
            ? service.Status?.LoadBalancer?.Ingress?.Select(i => string.IsNullOrEmpty(i.Ip) ? i.Hostname : i.Ip).FirstOrDefault(h => !string.IsNullOrEmpty(h))
            : NodeAddress(nodes, machineNode);
        var endpoints = (service.Spec.Ports ?? [])
            .Where(p => p.Protocol is null or "TCP")
            .Select(p => new AccessEndpoint
            {
                Name = p.Name,
                Port = p.TargetPort?.Value is { } target && int.TryParse(target, System.Globalization.CultureInfo.InvariantCulture, out var guest) ? guest : p.Port,
                Host = host,
                HostPort = host is null ? null : balancer ? p.Port : p.NodePort,
            })
            .OrderBy(e => e.Port)
            .ToList();
        var ssh = endpoints.FirstOrDefault(e => e.Port == 22 && e.Host is not null && e.HostPort is not null);
        return new MachineAccess
        {
            Service = service.Metadata?.Name,
            Type = service.Spec.Type,
            Endpoints = endpoints,
            Ssh = ssh is null ? null : SshCommand(sshUser, ssh.Host!, ssh.HostPort!.Value),
        };
    }

    public static string SshCommand(string user, string host, int port) =>
        port == 22 ? $"ssh {user}@{host}" : $"ssh -p {port} {user}@{host}";

    /// <summary>The address of the machine's node if it is Ready and has one, else of the first Ready node by name.</summary>
    private static string? NodeAddress(IEnumerable<V1Node> nodes, string? preferred)
    {
        var ready = nodes
            .Where(n => n.Metadata?.DeletionTimestamp is null && n.Status?.Conditions?.Any(c => c.Type == "Ready" && c.Status == "True") == true)
            .OrderBy(n => n.Metadata?.Name == preferred ? 0 : 1)
            .ThenBy(n => n.Metadata?.Name, StringComparer.Ordinal);
        return ready.Select(Address).FirstOrDefault(a => a is not null);

        static string? Address(V1Node node) =>
            node.Status?.Addresses?.FirstOrDefault(a => a.Type == "ExternalIP")?.Address
            ?? node.Status?.Addresses?.FirstOrDefault(a => a.Type == "InternalIP")?.Address;
    }
}
