using System.Collections;

namespace ElasticCompute.DevCluster.Server.Patching;

/// <summary>A set of owned field paths (structured-merge-diff's fieldpath.Set, flattened).</summary>
internal sealed class FieldSet : IEnumerable<FieldPath>
{
    private readonly HashSet<FieldPath> _paths;

    public FieldSet()
    {
        _paths = [];
    }

    public FieldSet(IEnumerable<FieldPath> paths)
    {
        _paths = [.. paths];
    }

    public int Count => _paths.Count;

    public bool IsEmpty => _paths.Count == 0;

    public bool Add(FieldPath path) => _paths.Add(path);

    public bool Remove(FieldPath path) => _paths.Remove(path);

    public bool Contains(FieldPath path) => _paths.Contains(path);

    /// <summary>True when <paramref name="path"/> or anything below it is in the set.</summary>
    public bool ContainsPrefix(FieldPath path) => _paths.Contains(path) || _paths.Any(p => p.StartsWith(path));

    public IEnumerator<FieldPath> GetEnumerator() => _paths.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
