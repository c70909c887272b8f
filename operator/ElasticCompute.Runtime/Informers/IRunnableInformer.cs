using k8s;
using k8s.Models;

namespace ElasticCompute.Runtime.Informers;

/// <summary>An informer its owner runs itself (no <see cref="Hosting.Manager"/>): a cache for a web process, say.</summary>
public interface IRunnableInformer<T> : IInformer<T>, IInformerRunner
    where T : class, IKubernetesObject<V1ObjectMeta>
{
    /// <summary>True once the first list is cached (both bases say so; this resolves which one callers mean).</summary>
    new bool HasSynced { get; }
}
