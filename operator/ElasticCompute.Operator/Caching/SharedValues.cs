namespace ElasticCompute.Operator.Caching;

/// <summary>
/// One instance of each value that thousands of cached objects repeat: strings (namespaces, phases, condition
/// types, node names, label keys) and small value records (a machine size's cpu topology and memory, a disk's
/// requests, a condition without a message, a finalizer list). Cached objects are read-only, so they can share them.
/// The pool is bounded: when it fills up (values that were not so repeated after all, or belonged to objects long
/// gone) it starts again empty. Objects keep what they already share; nothing is ever wrong, only less shared.
/// </summary>
internal sealed class SharedValues(int capacity = SharedValues.DefaultCapacity)
{
    public const int DefaultCapacity = 16_384;

    private readonly Lock gate = new();
    private readonly Dictionary<object, object> values = [];

    public int Count
    {
        get
        {
            lock (gate)
            {
                return values.Count;
            }
        }
    }

    /// <summary>The pooled instance equal to <paramref name="value"/> (by its own Equals; it is pooled when none is).</summary>
    public T? Share<T>(T? value)
        where T : class
    {
        if (value is null)
        {
            return null;
        }

        lock (gate)
        {
            if (values.TryGetValue(value, out var shared) && shared is T found)
            {
                return found;
            }

            Add(value, value);
            return value;
        }
    }

    /// <summary>The instance pooled under <paramref name="key"/> (a value-equal key: a string, a tuple, a record), made when none is.</summary>
    public T Share<T>(object key, Func<T> create)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(create);
        lock (gate)
        {
            if (values.TryGetValue(key, out var shared) && shared is T found)
            {
                return found;
            }

            var made = create();
            Add(key, made);
            return made;
        }
    }

    /// <summary>One read-only instance of each string map (labels), its keys and values shared too.</summary>
    public IDictionary<string, string>? ShareMap(IDictionary<string, string>? map) =>
        map is null ? null : Share<IDictionary<string, string>>(
            new MapKey(Text(map.OrderBy(kv => kv.Key, StringComparer.Ordinal).SelectMany(kv => new[] { kv.Key, kv.Value }))),
            () => map.ToDictionary(kv => Share(kv.Key)!, kv => Share(kv.Value)!, StringComparer.Ordinal));

    /// <summary>One read-only instance of each string list (finalizers).</summary>
    public IList<string>? ShareList(IList<string>? list) =>
        list is null ? null : Share<IList<string>>(new ListKey(Text(list)), () => list.Select(s => Share(s)!).ToArray());

    private void Add(object key, object value)
    {
        if (values.Count >= capacity)
        {
            values.Clear();
        }

        values[key] = value;
    }

    /// <summary>A key text for a sequence of strings: length-prefixed, so no two different sequences read the same.</summary>
    public static string Text(IEnumerable<string?> items) => string.Concat(items.Select(i => i is null ? "-" : $"{i.Length}:{i}"));

    // Typed keys, so a map, a list and a plain string with the same text never collide.
    private sealed record MapKey(string Text);

    private sealed record ListKey(string Text);
}
