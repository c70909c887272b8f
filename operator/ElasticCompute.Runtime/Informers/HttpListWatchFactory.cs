using k8s;
using k8s.Models;

namespace ElasticCompute.Runtime.Informers;

internal sealed class HttpListWatchFactory(Kubernetes client) : IListWatchFactory
{
    public IListWatch<T> Create<T>(ResourceKind kind, string? ns)
        where T : class, IKubernetesObject<V1ObjectMeta> => new HttpListWatch<T>(client, kind, ns);
}
