using k8s;
using k8s.Models;

namespace ElasticCompute.Runtime.Controllers;

/// <summary>Maps an owned object to its owner's request through its controller ownerReference.</summary>
internal static class OwnerMapping
{
    public static IEnumerable<ReconcileRequest> ToOwner(IKubernetesObject<V1ObjectMeta> child, ResourceKind owner)
    {
        var kind = string.IsNullOrEmpty(owner.Kind) ? null : owner.Kind;
        var reference = child.Metadata?.OwnerReferences?.FirstOrDefault(o => o.Controller == true);
        if (reference is null || reference.Kind != kind || !SameGroup(reference.ApiVersion, owner))
        {
            return [];
        }

        var ns = owner.Namespaced && !string.IsNullOrEmpty(child.Metadata?.NamespaceProperty) ? child.Metadata.NamespaceProperty : null;
        return [new ReconcileRequest(ns, reference.Name)];
    }

    // An owner written at another version of the same group is still the owner (as controller-runtime compares group+kind).
    private static bool SameGroup(string? apiVersion, ResourceKind owner)
    {
        var slash = apiVersion?.IndexOf('/', StringComparison.Ordinal) ?? -1;
        var group = slash < 0 ? string.Empty : apiVersion![..slash];
        return string.Equals(group, owner.Group, StringComparison.Ordinal);
    }
}
