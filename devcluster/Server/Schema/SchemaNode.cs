using System.Collections.Frozen;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace ElasticCompute.DevCluster.Server.Schema;

/// <summary>
/// One node of a parsed openAPIV3Schema: the structural part (type, properties, items, additionalProperties,
/// extensions) and its value validations. Immutable once built, so one tree serves every thread.
/// </summary>
internal sealed class SchemaNode
{
    public static readonly SchemaNode Empty = new();

    /// <summary>"object", "array", "string", "integer", "number", "boolean", or null when untyped.</summary>
    public string? Type { get; init; }

    public bool Nullable { get; init; }

    public bool IntOrString { get; init; }

    public bool PreserveUnknownFields { get; init; }

    public bool EmbeddedResource { get; init; }

    public FrozenDictionary<string, SchemaNode> Properties { get; init; } = FrozenDictionary<string, SchemaNode>.Empty;

    /// <summary>Properties in schema order, so errors come out in a stable order.</summary>
    public IReadOnlyList<KeyValuePair<string, SchemaNode>> OrderedProperties { get; init; } = [];

    public IReadOnlyList<string> Required { get; init; } = [];

    public SchemaNode? Items { get; init; }

    public SchemaNode? AdditionalProperties { get; init; }

    public JsonNode? Default { get; init; }

    public IReadOnlyList<JsonNode?> Enum { get; init; } = [];

    public double? Maximum { get; init; }

    public bool ExclusiveMaximum { get; init; }

    public double? Minimum { get; init; }

    public bool ExclusiveMinimum { get; init; }

    public double? MultipleOf { get; init; }

    public long? MaxLength { get; init; }

    public long? MinLength { get; init; }

    public string? Pattern { get; init; }

    /// <summary>The compiled pattern, or null with <see cref="PatternError"/> set when it does not compile.</summary>
    public Regex? PatternRegex { get; init; }

    public string? PatternError { get; init; }

    public string? Format { get; init; }

    public long? MaxItems { get; init; }

    public long? MinItems { get; init; }

    public bool UniqueItems { get; init; }

    public long? MaxProperties { get; init; }

    public long? MinProperties { get; init; }

    /// <summary>x-kubernetes-list-type: atomic, set or map.</summary>
    public string? ListType { get; init; }

    public IReadOnlyList<string> ListMapKeys { get; init; } = [];

    public IReadOnlyList<SchemaNode> AllOf { get; init; } = [];

    public IReadOnlyList<SchemaNode> AnyOf { get; init; } = [];

    public IReadOnlyList<SchemaNode> OneOf { get; init; } = [];

    public SchemaNode? Not { get; init; }

    public IReadOnlyList<CompiledRule> Rules { get; init; } = [];

    /// <summary>True when this node or any node below has x-kubernetes-validations: the CEL walk skips the rest.</summary>
    public bool HasRulesBelow { get; init; }

    /// <summary>True when this node or any node below has a default: the defaulting walk skips the rest.</summary>
    public bool HasDefaultsBelow { get; init; }

    /// <summary>The type name CEL errors print as the bad value ("object", "string", ..., "" for int-or-string).</summary>
    public string TypeName => Type ?? string.Empty;

    /// <summary>The child schema for a key of an object, or null when the key is not declared.</summary>
    public SchemaNode? PropertyOrAdditional(string key) =>
        Properties.TryGetValue(key, out var property) ? property : AdditionalProperties;
}
