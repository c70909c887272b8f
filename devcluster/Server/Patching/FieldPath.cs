using System.Text;
using System.Text.Json.Nodes;

namespace ElasticCompute.DevCluster.Server.Patching;

/// <summary>
/// A path into an object as managedFields spells it: elements are FieldsV1 keys, <c>f:spec</c>,
/// <c>k:{"type":"Ready"}</c> (a map-list item), <c>v:"x"</c> (a set item), <c>i:0</c> (an index).
/// <see cref="ToString"/> gives the structured-merge-diff text used in conflicts: <c>.status.conditions[type="Ready"].status</c>.
/// </summary>
internal sealed class FieldPath : IEquatable<FieldPath>
{
    public static readonly FieldPath Root = new([]);

    private readonly string[] _elements;
    private readonly int _hash;

    private FieldPath(string[] elements)
    {
        _elements = elements;
        var hash = default(HashCode);
        foreach (var e in elements)
        {
            hash.Add(e, StringComparer.Ordinal);
        }

        _hash = hash.ToHashCode();
    }

    public IReadOnlyList<string> Elements => _elements;

    public int Count => _elements.Length;

    public string Last => _elements[^1];

    public static FieldPath Of(params string[] elements) => new([.. elements]);

    public FieldPath Append(string element) => new([.. _elements, element]);

    /// <summary>True when this path equals <paramref name="prefix"/> or lies below it.</summary>
    public bool StartsWith(FieldPath prefix)
    {
        if (prefix.Count > Count)
        {
            return false;
        }

        for (var i = 0; i < prefix.Count; i++)
        {
            if (!string.Equals(_elements[i], prefix._elements[i], StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    public bool Equals(FieldPath? other) =>
        other is not null && _hash == other._hash && _elements.AsSpan().SequenceEqual(other._elements);

    public override bool Equals(object? obj) => Equals(obj as FieldPath);

    public override int GetHashCode() => _hash;

    public override string ToString()
    {
        var text = new StringBuilder();
        foreach (var element in _elements)
        {
            var body = element.AsSpan(2);
            switch (element[0])
            {
                case 'f':
                    text.Append('.').Append(body);
                    break;
                case 'k':
                    var keys = (JsonObject)JsonNode.Parse(element[2..])!;
                    text.Append('[').AppendJoin(',', keys.Select(k => k.Key + "=" + FieldsV1.Json(k.Value))).Append(']');
                    break;
                case 'v':
                    text.Append("[=").Append(body).Append(']');
                    break;
                default:
                    text.Append('[').Append(body).Append(']');
                    break;
            }
        }

        return text.ToString();
    }
}
