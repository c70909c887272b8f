using System.Text.Json.Nodes;

namespace ElasticCompute.DevCluster.Server.Resources;

/// <summary>A served resource: what discovery, the REST handlers, tables and the OpenAPI documents need to know.</summary>
public sealed record ResourceType
{
    public required string Group { get; init; }

    public required string Version { get; init; }

    public required string Kind { get; init; }

    public required string Plural { get; init; }

    public required string Singular { get; init; }

    public required bool Namespaced { get; init; }

    public IReadOnlyList<string> ShortNames { get; init; } = [];

    public IReadOnlyList<string> Categories { get; init; } = [];

    /// <summary>True when the resource has a status subresource: writes to the main resource keep the old status.</summary>
    public bool HasStatus { get; init; }

    /// <summary>Other subresources (start, stop, console...), served by whoever registers a handler for them.</summary>
    public IReadOnlyList<string> ExtraSubresources { get; init; } = [];

    /// <summary>
    /// Only the subresources are served (KubeVirt's subresources.kubevirt.io group): discovery lists them,
    /// and the resource itself answers 404.
    /// </summary>
    public bool SubresourcesOnly { get; init; }

    /// <summary>The structural schema (openAPIV3Schema) of a custom resource; null for built-in kinds.</summary>
    public JsonNode? Schema { get; init; }

    /// <summary>Columns of <c>kubectl get</c> after NAME.</summary>
    public IReadOnlyList<PrinterColumn> Columns { get; init; } = [];

    /// <summary>The CRD this type comes from (its name), or null for a built-in kind.</summary>
    public string? DefinedBy { get; init; }

    /// <summary>Names must be DNS-1123 labels (63) rather than subdomains (253).</summary>
    public bool LabelNames { get; init; }

    /// <summary>Set when this resource is another one's objects in another shape (events.k8s.io Events are core Events).</summary>
    public IStorageConversion? StorageConversion { get; init; }

    public string GroupVersion => Group.Length == 0 ? Version : $"{Group}/{Version}";

    public string GroupResource => Group.Length == 0 ? Plural : $"{Plural}.{Group}";

    public string ListKind => Kind + "List";

    /// <summary>"elasticmachines.elasticcompute.io" or "namespaces": how error messages name the resource.</summary>
    public string QualifiedName => GroupResource;

    public bool IsCustom => DefinedBy is not null;
}
