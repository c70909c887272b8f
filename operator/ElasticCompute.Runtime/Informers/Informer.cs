using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace ElasticCompute.Runtime.Informers;

/// <summary>
/// Makes a shared informer without a manager (client-go's NewSharedIndexInformer): for processes that want one
/// list+watch and a cache, but no controllers, leader election or health server.
/// </summary>
public static class Informer
{
    public static IRunnableInformer<T> Create<T>(Kubernetes client, InformerOptions? options = null, TimeProvider? time = null, ILogger? logger = null)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        ArgumentNullException.ThrowIfNull(client);
        var kind = ResourceKind.Of<T>();
        return new SharedInformer<T>(new HttpListWatch<T>(client, kind, kind.Namespaced ? options?.Namespace : null), kind, options, time, logger: logger);
    }
}
