using System.Collections.Concurrent;
using System.Reflection;
using k8s.Models;

namespace ElasticCompute.Runtime;

/// <summary>Where a resource type is served: group, version, plural, kind and scope.</summary>
public sealed record ResourceKind(string Group, string Version, string Plural, bool Namespaced, string Kind)
{
    // [KubernetesEntity] does not say whether a type is namespaced; these built-ins are cluster-scoped.
    private static readonly HashSet<string> ClusterScoped =
    [
        "/Namespace", "/Node", "/PersistentVolume", "/ComponentStatus",
        "rbac.authorization.k8s.io/ClusterRole", "rbac.authorization.k8s.io/ClusterRoleBinding",
        "storage.k8s.io/StorageClass", "storage.k8s.io/CSIDriver", "storage.k8s.io/CSINode", "storage.k8s.io/VolumeAttachment",
        "apiextensions.k8s.io/CustomResourceDefinition", "scheduling.k8s.io/PriorityClass",
        "admissionregistration.k8s.io/ValidatingWebhookConfiguration", "admissionregistration.k8s.io/MutatingWebhookConfiguration",
        "apiregistration.k8s.io/APIService", "node.k8s.io/RuntimeClass", "certificates.k8s.io/CertificateSigningRequest",
    ];

    private static readonly ConcurrentDictionary<Type, ResourceKind> Registered = new();

    public ResourceKind(string group, string version, string plural, bool namespaced)
        : this(group, version, plural, namespaced, string.Empty)
    {
    }

    /// <summary>apiVersion as written in objects and owner references ("v1", "apps/v1").</summary>
    public string ApiVersion => string.IsNullOrEmpty(Group) ? Version : $"{Group}/{Version}";

    /// <summary>The collection path, across namespaces when <paramref name="ns"/> is null.</summary>
    public string CollectionPath(string? ns)
    {
        var prefix = string.IsNullOrEmpty(Group) ? $"api/{Version}" : $"apis/{Group}/{Version}";
        return Namespaced && !string.IsNullOrEmpty(ns)
            ? $"{prefix}/namespaces/{Uri.EscapeDataString(ns)}/{Plural}"
            : $"{prefix}/{Plural}";
    }

    /// <summary>Registers the kind of a type that has no [KubernetesEntity] (or whose scope must be overridden).</summary>
    public static void Register<T>(ResourceKind kind) => Registered[typeof(T)] = kind;

    /// <summary>The kind of <typeparamref name="T"/>: a registered one, else its [KubernetesEntity].</summary>
    public static ResourceKind Of<T>() => Of(typeof(T));

    public static ResourceKind Of(Type type)
    {
        ArgumentNullException.ThrowIfNull(type);
        if (Registered.TryGetValue(type, out var kind))
        {
            return kind;
        }

        var entity = type.GetCustomAttribute<KubernetesEntityAttribute>()
            ?? throw new InvalidOperationException($"{type.Name} has no [KubernetesEntity]; register its ResourceKind with ResourceKind.Register<{type.Name}>(...).");
        var group = entity.Group ?? string.Empty;
        return new ResourceKind(group, entity.ApiVersion, entity.PluralName, !ClusterScoped.Contains($"{group}/{entity.Kind}"), entity.Kind);
    }
}
