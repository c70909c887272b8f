namespace ElasticCompute.DevCluster.Server.Storage;

/// <summary>Where the store writes through to, when state must survive a restart.</summary>
public interface IStorePersistence
{
    /// <summary>Every stored object with its table, and the last revision, read once at start.</summary>
    (IEnumerable<(string Table, byte[] Json)> Objects, long Revision) Load();

    /// <summary>Records a write (json null for a delete). Returns once it is durable.</summary>
    void Write(string table, string key, byte[]? json, long revision);
}
