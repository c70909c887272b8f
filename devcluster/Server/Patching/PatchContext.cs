namespace ElasticCompute.DevCluster.Server.Patching;

/// <summary>
/// What a patch needs besides the object and the body: the kind (for SMP support and list rules), the apiVersion
/// managed fields are recorded under, the field manager, <c>?force=</c>, the list rules and the clock.
/// </summary>
internal sealed record PatchContext(string Group, string Kind, string ApiVersion, string Manager, ListTypeResolver Lists)
{
    public bool Force { get; init; }

    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>A context for a built-in kind, with its list rules from <see cref="BuiltinListTypes"/>.</summary>
    public static PatchContext ForBuiltin(string group, string kind, string apiVersion, string manager) =>
        new(group, kind, apiVersion, manager, BuiltinListTypes.For(group, kind));
}
