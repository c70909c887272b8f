namespace ElasticCompute.Operator.Caching;

/// <summary>
/// One instance of each repeated string (namespaces, phases, condition types and reasons, node names, label keys):
/// thousands of cached objects share a handful of values. Only small vocabularies go in, so the pool stays small
/// (names and uids are unique per object and never pooled).
/// </summary>
internal sealed class StringPool
{
    private readonly Lock gate = new();
    private readonly HashSet<string> strings = new(StringComparer.Ordinal);

    public int Count
    {
        get
        {
            lock (gate)
            {
                return strings.Count;
            }
        }
    }

    public string? Intern(string? value)
    {
        if (value is null)
        {
            return null;
        }

        lock (gate)
        {
            if (strings.TryGetValue(value, out var pooled))
            {
                return pooled;
            }

            strings.Add(value);
            return value;
        }
    }

    public IDictionary<string, string>? Intern(IDictionary<string, string>? values) =>
        values is null ? null : values.ToDictionary(kv => Intern(kv.Key)!, kv => Intern(kv.Value)!, StringComparer.Ordinal);
}
