using System.Text.Json.Nodes;
using ElasticCompute.DevCluster.Server.Patching;
using ElasticCompute.DevCluster.Server.Resources;

namespace ElasticCompute.DevCluster.Server.Registry;

/// <summary>Applies a patch body to the live object; server-side apply also updates managed fields.</summary>
internal interface IPatchEngine
{
    /// <param name="live">The current object, or null when server-side apply creates it.</param>
    /// <returns>The patched object (a new node; <paramref name="live"/> is not changed).</returns>
    JsonObject Apply(ResourceType type, PatchType patchType, JsonObject? live, string body, WriteOptions options);

    /// <summary>Records a non-apply write's changed fields as owned by its field manager; returns the object to store.</summary>
    JsonObject TrackUpdate(ResourceType type, JsonObject? old, JsonObject updated, WriteOptions options);
}
