using System.Text.Json.Nodes;
using ElasticCompute.DevCluster.Server.Errors;
using ElasticCompute.DevCluster.Server.Registry;
using ElasticCompute.DevCluster.Server.Resources;

namespace ElasticCompute.DevCluster.Server.Simulation;

/// <summary>How the VM and VMI controllers write: as virt-controller, status only when it changed, losing races quietly.</summary>
internal static class KubeVirtWrites
{
    public static readonly WriteOptions Write = new() { FieldManager = "virt-controller" };

    /// <returns>Whether the status changed (and was written).</returns>
    public static async Task<bool> WriteStatusAsync(ResourceRegistry registry, ResourceType type, JsonObject obj, JsonObject status, CancellationToken cancellationToken)
    {
        if (SimJson.Same(obj["status"], status))
        {
            return false;
        }

        var copy = (JsonObject)obj.DeepClone();
        copy["status"] = status;
        await registry.UpdateAsync(type, ObjectMeta.Namespace(obj), ObjectMeta.Name(obj), copy, "status", Write, cancellationToken).ConfigureAwait(false);
        return true;
    }

    public static async Task TryAsync<T>(Task<T> write)
    {
        try
        {
            await write.ConfigureAwait(false);
        }
        catch (ApiException e) when (e.Code is 404 or 409)
        {
            // Someone else changed or removed it; the next pass sees the new state.
        }
    }
}
