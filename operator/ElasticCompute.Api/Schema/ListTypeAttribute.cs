namespace ElasticCompute.Api.Schema;

/// <summary>The <c>x-kubernetes-list-type</c> of a list ("atomic", "set" or "map" with its keys), which server-side apply merges by.</summary>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = false)]
public sealed class ListTypeAttribute(string listType, params string[] mapKeys) : Attribute
{
    public string ListType { get; } = listType;

    public string[] MapKeys { get; } = mapKeys;
}
