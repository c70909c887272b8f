using System.Text.Json.Nodes;

namespace ElasticCompute.DevCluster.Server.Resources;

/// <summary>
/// A resource served as a view of another one's objects, as Kubernetes serves one resource in several groups
/// (events.k8s.io/v1 Events are core/v1 Events in another shape): one table, one object, two shapes.
/// </summary>
public interface IStorageConversion
{
    /// <summary>The group-resource whose table holds the objects ("events").</summary>
    string Table { get; }

    /// <summary>This resource's shape to the stored one; <paramref name="obj"/> (the write's own object) keeps its shape.</summary>
    JsonObject ToStorage(JsonObject obj);

    /// <summary>The stored shape to this resource's. Takes ownership of <paramref name="stored"/>.</summary>
    JsonObject FromStorage(JsonObject stored);
}
