namespace ElasticCompute.DevCluster.Server.Storage;

public enum StoreEventType
{
    Added,
    Modified,
    Deleted,
}
