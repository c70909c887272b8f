using System.Text.Json.Nodes;

namespace ElasticCompute.DevCluster.Server.Registry;

/// <summary>The object a write leaves (or would leave, for a dry run), and the warnings for the client.</summary>
public sealed record WriteResult(JsonObject Object, bool Created, IReadOnlyList<string> Warnings)
{
    /// <summary>For a delete: true when the object is gone; false when it waits for finalizers.</summary>
    public bool Removed { get; init; }
}
