using System.Net;

namespace ElasticCompute.Operator.Webhooks.Tls;

/// <summary>The names a serving certificate is valid for (its subject alternative names).</summary>
internal sealed record ServingNames(IReadOnlyList<string> DnsNames, IReadOnlyList<IPAddress> IpAddresses)
{
    /// <summary>A Service in the cluster, by every name the API server may dial it with.</summary>
    public static ServingNames ForService(string service, string ns) =>
        new([service, $"{service}.{ns}", $"{service}.{ns}.svc", $"{service}.{ns}.svc.cluster.local"], []);

    /// <summary>The operator on loopback (devcluster calls webhooks by url).</summary>
    public static ServingNames ForLocalhost() => new(["localhost"], [IPAddress.Loopback]);

    /// <summary>The certificate's common name: the first name, as kubeadm and cert-manager do.</summary>
    public string CommonName => DnsNames.Count > 0 ? DnsNames[0] : IpAddresses.Count > 0 ? IpAddresses[0].ToString() : "elasticcompute-webhook";
}
