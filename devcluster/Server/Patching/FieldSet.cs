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

    /// <summary>Counts the changes made to the set, so an encoding taken at one version can be reused while it holds.</summary>
    public int Version { get; private set; }

    public bool IsEmpty => _paths.Count == 0;

    public bool Add(FieldPath path) => Changed(_paths.Add(path));

    public bool Remove(FieldPath path) => Changed(_paths.Remove(path));

    public bool Contains(FieldPath path) => _paths.Contains(path);

    /// <summary>True when <paramref name="path"/> or anything below it is in the set.</summary>
    public bool ContainsPrefix(FieldPath path) => _paths.Contains(path) || _paths.Any(p => p.StartsWith(path));

    private bool Changed(bool changed)
    {
        if (changed)
        {
            Version++;
        }

        return changed;
    }

    public IEnumerator<FieldPath> GetEnumerator() => _paths.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
