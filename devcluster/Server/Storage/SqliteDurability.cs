namespace ElasticCompute.DevCluster.Server.Storage;

/// <summary>What an acknowledged write must survive (SQLite's <c>synchronous</c> setting in WAL mode).</summary>
public enum SqliteDurability
{
    /// <summary>
    /// <c>synchronous=NORMAL</c>: a commit is in the WAL file (the OS page cache) before the write
    /// returns, so it survives kill -9 of devcluster; the WAL is fsynced only at checkpoints, so a power
    /// loss may lose the last commits (never corrupting the database).
    /// </summary>
    ProcessCrash,

    /// <summary><c>synchronous=FULL</c>: every commit is fsynced, so it also survives power loss; costs an fsync per write.</summary>
    PowerLoss,
}
