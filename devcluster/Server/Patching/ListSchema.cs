namespace ElasticCompute.DevCluster.Server.Patching;

/// <summary>
/// How one list field merges. For <see cref="ListType.Map"/>, <see cref="Keys"/> are the
/// <c>x-kubernetes-list-map-keys</c>; strategic merge patch uses the first as its patchMergeKey.
/// </summary>
internal sealed record ListSchema(ListType Type, IReadOnlyList<string> Keys)
{
    public static readonly ListSchema Atomic = new(ListType.Atomic, []);
    public static readonly ListSchema Set = new(ListType.Set, []);

    public static ListSchema Map(params string[] keys) => new(ListType.Map, keys);
}
