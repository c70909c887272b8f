using System.Net;

namespace ElasticCompute.Operator.Hosting;

/// <summary>The admission webhooks the operator serves over HTTPS, and how the API server is told about them.</summary>
public sealed record WebhookOptions
{
    public IPAddress Address { get; init; } = IPAddress.Any;

    /// <summary>The HTTPS port (0: any free one, as devcluster uses).</summary>
    public int Port { get; init; } = 9443;

    /// <summary>The operator's namespace: its certificate Secret lives there, and the webhooks skip it.</summary>
    public string Namespace { get; init; } = "elasticcompute-system";

    /// <summary>The Service the API server calls in a cluster.</summary>
    public string ServiceName { get; init; } = "elasticcompute-webhook";

    /// <summary>Register a url clientConfig on https://127.0.0.1:port instead of the Service (devcluster, which runs on the same machine).</summary>
    public bool Loopback { get; init; }

    /// <summary>A mounted cert-manager Secret (tls.crt, tls.key, ca.crt); null: the operator makes and rotates its own CA and certificate.</summary>
    public string? CertificateDirectory { get; init; }

    /// <summary>Create or update the webhook configurations (off when a chart installs them, for example with cert-manager's CA injector).</summary>
    public bool Register { get; init; } = true;

    /// <summary>Told of every review served: the webhook's path, whether it allowed, and the time in the handler (from the request body read to the response serialized, before it is sent).</summary>
    public Action<string, bool, TimeSpan>? Reviewed { get; init; }

    /// <summary>Told the bound port once the server listens and the configurations are registered.</summary>
    public Action<int>? Ready { get; init; }
}
