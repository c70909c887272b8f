using System.Text.Json.Nodes;

namespace ElasticCompute.DevCluster.Server.Resources;

/// <summary>
/// events.k8s.io/v1 Event to and from core/v1 Event, field for field as the API server converts them
/// (k8s.io/kubernetes pkg/apis/events/v1 conversion): regarding is involvedObject, note is message, and so on.
/// </summary>
internal sealed class EventConversion : IStorageConversion
{
    // (events.k8s.io/v1, core/v1); the others (eventTime, series, related, action, reason, type, reportingInstance) keep their names.
    private static readonly (string Events, string Core)[] Renamed =
    [
        ("regarding", "involvedObject"),
        ("note", "message"),
        ("reportingController", "reportingComponent"),
        ("deprecatedSource", "source"),
        ("deprecatedFirstTimestamp", "firstTimestamp"),
        ("deprecatedLastTimestamp", "lastTimestamp"),
        ("deprecatedCount", "count"),
    ];

    public static EventConversion Instance { get; } = new();

    public string Table => "events";

    public JsonObject ToStorage(JsonObject obj) => Rename(obj, "v1", toCore: true);

    public JsonObject FromStorage(JsonObject stored) => Rename(stored, "events.k8s.io/v1", toCore: false);

    private static JsonObject Rename(JsonObject obj, string apiVersion, bool toCore)
    {
        var shaped = new JsonObject { ["apiVersion"] = apiVersion };
        foreach (var (key, value) in obj.ToArray())
        {
            obj.Remove(key);
            if (key != "apiVersion")
            {
                var renamed = Array.FindIndex(Renamed, r => (toCore ? r.Events : r.Core) == key);
                shaped[renamed < 0 ? key : toCore ? Renamed[renamed].Core : Renamed[renamed].Events] = value;
            }
        }

        return shaped;
    }
}
