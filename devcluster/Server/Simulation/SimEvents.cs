using System.Text.Json.Nodes;
using ElasticCompute.DevCluster.Server.Errors;
using ElasticCompute.DevCluster.Server.Registry;

namespace ElasticCompute.DevCluster.Server.Simulation;

/// <summary>Records core/v1 Events about an object, once per distinct reason and message (kubectl describe shows them).</summary>
internal static class SimEvents
{
    public static async Task RecordAsync(ResourceRegistry registry, JsonObject about, string type, string reason, string message, string component, CancellationToken cancellationToken)
    {
        var events = SimTypes.Events(registry);
        var ns = ObjectMeta.Namespace(about);
        if (ns.Length == 0)
        {
            ns = "default";
        }

        var name = $"{ObjectMeta.Name(about)}.{SimJson.Hash(JsonValue.Create(reason + "\n" + message + "\n" + ObjectMeta.Uid(about)))}";
        if (registry.Store.Get("events", ns, name) is not null)
        {
            return;
        }

        var now = ObjectMeta.Timestamp(registry.Time.GetUtcNow());
        var e = new JsonObject
        {
            ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns },
            ["involvedObject"] = new JsonObject
            {
                ["apiVersion"] = SimJson.Str(about["apiVersion"]),
                ["kind"] = SimJson.Str(about["kind"]),
                ["name"] = ObjectMeta.Name(about),
                ["namespace"] = ObjectMeta.Namespace(about),
                ["uid"] = ObjectMeta.Uid(about),
                ["resourceVersion"] = ObjectMeta.ResourceVersion(about),
            },
            ["type"] = type,
            ["reason"] = reason,
            ["message"] = message,
            ["source"] = new JsonObject { ["component"] = component },
            ["reportingComponent"] = component,
            ["firstTimestamp"] = now,
            ["lastTimestamp"] = now,
            ["count"] = 1,
        };
        try
        {
            await registry.CreateAsync(events, ns, e, new WriteOptions { FieldManager = component }, cancellationToken).ConfigureAwait(false);
        }
        catch (ApiException ex) when (ex.Code is 409 or 404 or 403)
        {
            // Already recorded, or the namespace is going away: events are best effort, as in Kubernetes.
        }
    }
}
