namespace ElasticCompute.DevCluster.Server.Storage;

public sealed record SqlitePersistenceOptions
{
    /// <summary>
    /// ProcessCrash by default: devcluster is a development cluster on one machine, where the failure to
    /// survive is the process dying (kill -9, a crashed test run), not the machine losing power; an fsync
    /// per write would slow every test that writes, for a risk nobody running it cares about.
    /// </summary>
    public SqliteDurability Durability { get; init; } = SqliteDurability.ProcessCrash;

    /// <summary>The database file inside the data directory.</summary>
    public string FileName { get; init; } = "devcluster.db";
}
