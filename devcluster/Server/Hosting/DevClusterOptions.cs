using ElasticCompute.DevCluster.Server.Http;
using ElasticCompute.DevCluster.Server.Storage;

namespace ElasticCompute.DevCluster.Server.Hosting;

/// <summary>How to run devcluster: where to listen, the simulated world, what to serve from start.</summary>
public sealed record DevClusterOptions
{
    /// <summary>host:port to listen on; port 0 picks a free one.</summary>
    public string Listen { get; init; } = "127.0.0.1:0";

    /// <summary>Folders whose *.yaml CustomResourceDefinitions are applied at start (the repository's crds/).</summary>
    public IReadOnlyList<string> CrdDirectories { get; init; } = [];

    /// <summary>Persist state here (SQLite); null keeps it in memory.</summary>
    public string? DataDirectory { get; init; }

    public TimeProvider Time { get; init; } = TimeProvider.System;

    public ApiHandlerOptions Http { get; init; } = new();

    public StoreOptions Store { get; init; } = new();

    /// <summary>The simulated world and tooling to start with the server, in order.</summary>
    public IReadOnlyList<IDevClusterModule> Modules { get; init; } = [];
}
