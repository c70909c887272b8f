namespace ElasticCompute.DevCluster.Server.Storage;

/// <summary>
/// One object as stored: its serialized JSON (what reads send as they are) and the few fields that
/// selectors and indexes need without parsing it again.
/// </summary>
public sealed record StoredObject(
    string Namespace,
    string Name,
    string Uid,
    long Revision,
    byte[] Json,
    IReadOnlyDictionary<string, string> Labels,
    IReadOnlyList<string> OwnerUids)
{
    /// <summary>True once a delete set the deletionTimestamp (the object waits for its finalizers).</summary>
    public bool Deleting { get; init; }

    public IReadOnlyList<string> Finalizers { get; init; } = [];

    public string Key => Namespace.Length == 0 ? Name : $"{Namespace}/{Name}";
}
