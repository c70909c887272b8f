namespace ElasticCompute.DevCluster.Server.Simulation.Disks;

/// <summary>The simulated runtime's volumes: bookkeeping only, every DataSource importable.</summary>
internal sealed class NoDiskFiles : IDiskFiles
{
    public static readonly NoDiskFiles Instance = new();

    public string? MissingImage(string? imageName, string source) => null;

    public ValueTask CreateAsync(string volume, long bytes, bool fromImage, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    public ValueTask GrowAsync(string volume, long bytes, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    public ValueTask DeleteAsync(string volume, CancellationToken cancellationToken) => ValueTask.CompletedTask;
}
