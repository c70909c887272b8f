namespace ElasticCompute.DevCluster.Server.Patching;

/// <summary>
/// What a patch needs besides the object and the body: the kind (for SMP support and list rules), the apiVersion
/// managed fields are recorded under, the field manager, <c>?force=</c>, the list rules and the clock.
/// </summary>
internal sealed record PatchContext(string Group, string Kind, string ApiVersion, string Manager, ListTypeResolver Lists)
{
    public bool Force { get; init; }

    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>
    /// Whether a JSON, merge or strategic patch records its managed fields; false when the caller records them itself
    /// on the object it finally stores (the registry, after it restores status and server-set metadata).
    /// </summary>
    public bool RecordUpdates { get; init; } = true;

    /// <summary>A context for a built-in kind, with its list rules from <see cref="BuiltinListTypes"/>.</summary>
    public static PatchContext ForBuiltin(string group, string kind, string apiVersion, string manager) =>
        new(group, kind, apiVersion, manager, BuiltinListTypes.For(group, kind));
}
