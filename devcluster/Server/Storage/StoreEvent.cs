namespace ElasticCompute.DevCluster.Server.Storage;

/// <summary>A change to one object; <see cref="Item"/> is the new state, or the last state for a delete.</summary>
public sealed record StoreEvent(StoreEventType Type, string Table, StoredObject Item, StoredObject? Previous)
{
    public long Revision => Item.Revision;
}
