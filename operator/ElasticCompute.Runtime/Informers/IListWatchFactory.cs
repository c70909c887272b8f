using k8s;
using k8s.Models;

namespace ElasticCompute.Runtime.Informers;

/// <summary>Makes the list/watch of a type (the manager's seam for tests).</summary>
public interface IListWatchFactory
{
    IListWatch<T> Create<T>(ResourceKind kind, string? ns)
        where T : class, IKubernetesObject<V1ObjectMeta>;
}
