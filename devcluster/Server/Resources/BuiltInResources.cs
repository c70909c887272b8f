namespace ElasticCompute.DevCluster.Server.Resources;

/// <summary>The built-in kinds devcluster serves: the ones the product and kubectl use, no more.</summary>
internal static class BuiltInResources
{
    public static IReadOnlyList<ResourceType> All { get; } =
    [
        Core("Namespace", "namespaces", "namespace", namespaced: false, status: true, shortNames: ["ns"], labelNames: true,
            columns: [new("Status", "string", ".status.phase")]),
        Core("Node", "nodes", "node", namespaced: false, status: true, shortNames: ["no"],
            columns:
            [
                new("Status", "string", ".status.conditions[?(@.type==\"Ready\")].status")
                {
                    Display = new Dictionary<string, string> { ["True"] = "Ready", ["False"] = "NotReady", ["Unknown"] = "NotReady" },
                },
                new("Age", "date", ".metadata.creationTimestamp"),
                new("Version", "string", ".status.nodeInfo.kubeletVersion"),
            ]),
        Core("PersistentVolumeClaim", "persistentvolumeclaims", "persistentvolumeclaim", namespaced: true, status: true, shortNames: ["pvc"],
            columns: [new("Status", "string", ".status.phase"), new("Volume", "string", ".spec.volumeName"), new("Capacity", "string", ".status.capacity.storage"), new("StorageClass", "string", ".spec.storageClassName")]),
        Core("PersistentVolume", "persistentvolumes", "persistentvolume", namespaced: false, status: true, shortNames: ["pv"],
            columns: [new("Capacity", "string", ".spec.capacity.storage"), new("Status", "string", ".status.phase"), new("Claim", "string", ".spec.claimRef.name"), new("StorageClass", "string", ".spec.storageClassName")]),
        Core("Event", "events", "event", namespaced: true, status: false, shortNames: ["ev"], columns: EventColumns.All) with
        {
            StorageConversion = EventConversion.Core,
        },
        Core("Service", "services", "service", namespaced: true, status: true, shortNames: ["svc"], columns: ServiceColumns.All) with { Categories = ["all"] },
        Core("Secret", "secrets", "secret", namespaced: true, status: false, columns: [new("Type", "string", ".type")]),
        Core("ConfigMap", "configmaps", "configmap", namespaced: true, status: false, shortNames: ["cm"]),
        Core("ServiceAccount", "serviceaccounts", "serviceaccount", namespaced: true, status: false, shortNames: ["sa"]),
        Named("storage.k8s.io", "v1", "StorageClass", "storageclasses", "storageclass", namespaced: false, status: false, shortNames: ["sc"],
            columns: [new("Provisioner", "string", ".provisioner"), new("ReclaimPolicy", "string", ".reclaimPolicy")]),
        Named("events.k8s.io", "v1", "Event", "events", "event", namespaced: true, status: false, shortNames: ["ev"], columns: EventColumns.All) with
        {
            StorageConversion = EventConversion.Events,
        },
        Named("coordination.k8s.io", "v1", "Lease", "leases", "lease", namespaced: true, status: false,
            columns: [new("Holder", "string", ".spec.holderIdentity")]),
        Named("apiextensions.k8s.io", "v1", "CustomResourceDefinition", "customresourcedefinitions", "customresourcedefinition", namespaced: false, status: true, shortNames: ["crd", "crds"],
            columns: [new("Created At", "string", ".metadata.creationTimestamp")]),
        Named("admissionregistration.k8s.io", "v1", "MutatingWebhookConfiguration", "mutatingwebhookconfigurations", "mutatingwebhookconfiguration", namespaced: false, status: false),
        Named("admissionregistration.k8s.io", "v1", "ValidatingWebhookConfiguration", "validatingwebhookconfigurations", "validatingwebhookconfiguration", namespaced: false, status: false),
    ];

    private static ResourceType Core(string kind, string plural, string singular, bool namespaced, bool status, string[]? shortNames = null, bool labelNames = false, IReadOnlyList<PrinterColumn>? columns = null) =>
        Named(string.Empty, "v1", kind, plural, singular, namespaced, status, shortNames, labelNames, columns);

    private static ResourceType Named(string group, string version, string kind, string plural, string singular, bool namespaced, bool status, string[]? shortNames = null, bool labelNames = false, IReadOnlyList<PrinterColumn>? columns = null) => new()
    {
        Group = group,
        Version = version,
        Kind = kind,
        Plural = plural,
        Singular = singular,
        Namespaced = namespaced,
        HasStatus = status,
        ShortNames = shortNames ?? [],
        LabelNames = labelNames,
        Columns = columns ?? [],
    };
}
