using System.Collections.Frozen;

namespace ElasticCompute.DevCluster.Server.Patching;

/// <summary>
/// List merge rules of the built-in kinds devcluster serves, taken from the k8s.io/api struct tags
/// (patchStrategy/patchMergeKey, listType/listMapKey). Kinds are keyed as <c>group/Kind</c> ("" for core).
/// </summary>
internal static class BuiltinListTypes
{
    // ObjectMeta, shared by every kind: ownerReferences merge by uid, finalizers are a merged set.
    private static readonly FrozenDictionary<string, ListSchema> Metadata = new Dictionary<string, ListSchema>
    {
        ["metadata.ownerReferences"] = ListSchema.Map("uid"),
        ["metadata.finalizers"] = ListSchema.Set,
    }.ToFrozenDictionary();

    private static readonly ListSchema Conditions = ListSchema.Map("type");

    private static readonly FrozenDictionary<string, FrozenDictionary<string, ListSchema>> Kinds = new Dictionary<string, FrozenDictionary<string, ListSchema>>
    {
        ["/Namespace"] = Table(("status.conditions", Conditions)),

        // spec.taints is listType=atomic without a patch strategy in k8s.io/api: kubectl taint sends the whole
        // list, so merging it by key would make removing a taint impossible.
        ["/Node"] = Table(("status.conditions", Conditions), ("status.addresses", ListSchema.Map("type")), ("spec.taints", ListSchema.Atomic)),
        ["/PersistentVolumeClaim"] = Table(("status.conditions", Conditions)),
        ["/PersistentVolume"] = Table(("status.conditions", Conditions)),
        ["/Service"] = Table(("spec.ports", ListSchema.Map("port", "protocol")), ("status.conditions", Conditions), ("status.loadBalancer.ingress", ListSchema.Atomic)),
        ["/Event"] = Table(),
        ["/Secret"] = Table(),
        ["/ConfigMap"] = Table(),
        ["events.k8s.io/Event"] = Table(),
        ["storage.k8s.io/StorageClass"] = Table(),
        ["coordination.k8s.io/Lease"] = Table(),
        ["apiextensions.k8s.io/CustomResourceDefinition"] = Table(("spec.versions", ListSchema.Map("name")), ("status.conditions", Conditions)),
        ["admissionregistration.k8s.io/MutatingWebhookConfiguration"] = Table(("webhooks", ListSchema.Map("name"))),
        ["admissionregistration.k8s.io/ValidatingWebhookConfiguration"] = Table(("webhooks", ListSchema.Map("name"))),
    }.ToFrozenDictionary();

    /// <summary>True for the built-in kinds above; strategic merge patch is defined only for them.</summary>
    public static bool IsBuiltin(string group, string kind) => Kinds.ContainsKey(Key(group, kind));

    /// <summary>The resolver of a built-in kind; for other kinds, only the ObjectMeta rules.</summary>
    public static ListTypeResolver For(string group, string kind)
    {
        var table = Kinds.GetValueOrDefault(Key(group, kind));
        return path => table?.GetValueOrDefault(path) ?? Metadata.GetValueOrDefault(path);
    }

    /// <summary>ObjectMeta rules layered under a caller's resolver (custom resources: CRD schema lists).</summary>
    public static ListTypeResolver WithMetadata(ListTypeResolver schema) =>
        path => path.StartsWith("metadata.", StringComparison.Ordinal) ? Metadata.GetValueOrDefault(path) : schema(path);

    private static string Key(string group, string kind) => group + "/" + kind;

    private static FrozenDictionary<string, ListSchema> Table(params (string Path, ListSchema Schema)[] lists) =>
        lists.ToDictionary(l => l.Path, l => l.Schema).ToFrozenDictionary();
}
