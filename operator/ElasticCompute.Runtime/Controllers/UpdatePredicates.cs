using k8s;
using k8s.Models;

namespace ElasticCompute.Runtime.Controllers;

/// <summary>Update filters for <see cref="ControllerBuilder{T}.WithUpdateFilter"/>, after controller-runtime's predicates.</summary>
public static class UpdatePredicates
{
    /// <summary>
    /// The spec changed (metadata.generation) or what reconciles read from metadata did (deletion, finalizers,
    /// labels, annotations): controller-runtime's GenerationChanged, AnnotationChanged and LabelChanged together.
    /// Status-only updates, the controller's own status writes first of all, do not enqueue.
    /// </summary>
    public static bool GenerationOrMetadataChanged<T>(T oldObj, T newObj)
        where T : IKubernetesObject<V1ObjectMeta>
    {
        ArgumentNullException.ThrowIfNull(oldObj);
        ArgumentNullException.ThrowIfNull(newObj);
        var (o, n) = (oldObj.Metadata, newObj.Metadata);
        return o is null || n is null
            || o.Generation != n.Generation
            || o.DeletionTimestamp != n.DeletionTimestamp
            || !Same(o.Finalizers, n.Finalizers)
            || !Same(o.Labels, n.Labels)
            || !Same(o.Annotations, n.Annotations);
    }

    private static bool Same(IList<string>? a, IList<string>? b) =>
        ReferenceEquals(a, b) || (a ?? []).SequenceEqual(b ?? [], StringComparer.Ordinal);

    private static bool Same(IDictionary<string, string>? a, IDictionary<string, string>? b)
    {
        if (ReferenceEquals(a, b))
        {
            return true;
        }

        var (x, y) = (a ?? new Dictionary<string, string>(), b ?? new Dictionary<string, string>());
        return x.Count == y.Count && x.All(kv => y.TryGetValue(kv.Key, out var v) && string.Equals(v, kv.Value, StringComparison.Ordinal));
    }
}
