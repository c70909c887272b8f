using System.Net.WebSockets;
using k8s;

namespace ElasticCompute.Portal.Cluster;

/// <summary>
/// The Kubernetes client with its protected <c>StreamConnectAsync</c> opened up, for a WebSocket to a subresource the
/// client has no call for (KubeVirt's console). It applies the client's credentials, client certificates, CA and
/// subprotocol; a refused handshake comes back as an HttpOperationException whose Body is the API's Status.
/// </summary>
internal sealed class StreamingKubernetes : Kubernetes
{
    public StreamingKubernetes(KubernetesClientConfiguration config, params DelegatingHandler[] handlers)
        : base(config, handlers)
    {
        CreateWebSocketBuilder = () => new StatusWebSocketBuilder();
    }

    /// <param name="path">The API path, for example /apis/subresources.kubevirt.io/v1/namespaces/NS/virtualmachineinstances/NAME/console.</param>
    public Task<WebSocket> ConnectAsync(string path, string subProtocol, IReadOnlyDictionary<string, string> headers, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(headers);
        return StreamConnectAsync(UriOf(path), subProtocol, headers.ToDictionary(h => h.Key, h => new List<string> { h.Value }, StringComparer.Ordinal), cancellationToken);
    }

    /// <summary>The ws:// or wss:// address of an API path, under the server's own path when it has one.</summary>
    public Uri UriOf(string path)
    {
        var builder = new UriBuilder(BaseUri) { Scheme = BaseUri.Scheme == Uri.UriSchemeHttps ? Uri.UriSchemeWss : Uri.UriSchemeWs };
        builder.Path = builder.Path.TrimEnd('/') + path;
        return builder.Uri;
    }
}
