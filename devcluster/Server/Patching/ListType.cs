namespace ElasticCompute.DevCluster.Server.Patching;

/// <summary><c>x-kubernetes-list-type</c>; also how strategic merge patch treats the list.</summary>
internal enum ListType
{
    /// <summary>Replaced whole (the default for untyped lists).</summary>
    Atomic,

    /// <summary>Items are objects identified by <see cref="ListSchema.Keys"/>; SMP: patchStrategy merge with patchMergeKey.</summary>
    Map,

    /// <summary>Items are unique scalars; SMP: a primitive list with patchStrategy merge.</summary>
    Set,
}
