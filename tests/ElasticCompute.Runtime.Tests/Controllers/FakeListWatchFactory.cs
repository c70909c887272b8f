using ElasticCompute.Runtime.Informers;
using ElasticCompute.Runtime.Tests.Informers;
using k8s;
using k8s.Models;

namespace ElasticCompute.Runtime.Tests.Controllers;

internal sealed class FakeListWatchFactory(FakeListWatch configMaps) : IListWatchFactory
{
    public IListWatch<T> Create<T>(ResourceKind kind, string? ns)
        where T : class, IKubernetesObject<V1ObjectMeta> => (IListWatch<T>)(object)configMaps;
}
