using System.Text.Json.Nodes;

namespace ElasticCompute.DevCluster.Server.Resources;

/// <summary>
/// Event's two shapes over one table, stored as core/v1. <see cref="Events"/> converts events.k8s.io/v1 field for field
/// as the API server does (k8s.io/kubernetes pkg/apis/events/v1 conversion: regarding is involvedObject, note is message,
/// and so on); <see cref="Core"/> stores core/v1 as it is. Either shape reads back with the fields the API server always
/// sends for it (an unset timestamp as null, an unset source as {}), which clients rely on: <c>kubectl get events
/// --sort-by=.lastTimestamp</c> finds nothing to sort by when no Event has the field at all.
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

    private readonly bool events;

    private EventConversion(bool events) => this.events = events;

    /// <summary>core/v1 Events: stored as they are.</summary>
    public static EventConversion Core { get; } = new(events: false);

    /// <summary>events.k8s.io/v1 Events: stored as core/v1 ones.</summary>
    public static EventConversion Events { get; } = new(events: true);

    public string Table => "events";

    // Renaming moves the values to a new root, so the write's own object is copied first; core/v1 is stored as it is.
    public JsonObject ToStorage(JsonObject obj) => events ? Rename((JsonObject)obj.DeepClone(), "v1", toCore: true) : obj;

    /// <summary>The events.k8s.io/v1 name of a core/v1 Event field (the same name when it is not renamed).</summary>
    public static string EventsName(string core) => Array.Find(Renamed, r => r.Core == core) is { Events: { } events } ? events : core;

    public JsonObject FromStorage(JsonObject stored)
    {
        var shaped = events ? Rename(stored, "events.k8s.io/v1", toCore: false) : stored;

        // What the API server's serialization of each Go type always includes (structs, and times that are null when unset).
        string[] objects = events ? ["regarding", "deprecatedSource"] : ["involvedObject", "source"];
        string[] times = events ? ["eventTime", "deprecatedFirstTimestamp", "deprecatedLastTimestamp"] : ["firstTimestamp", "lastTimestamp", "eventTime"];
        foreach (var name in objects)
        {
            shaped[name] ??= new JsonObject();
        }

        foreach (var name in times)
        {
            if (!shaped.ContainsKey(name))
            {
                shaped[name] = null;
            }
        }

        if (!events)
        {
            shaped["reportingComponent"] ??= string.Empty;
            shaped["reportingInstance"] ??= string.Empty;
        }
        else
        {
            // omitempty in events.k8s.io/v1, always present in core/v1
            foreach (var name in new[] { "reportingController", "reportingInstance" })
            {
                if (shaped[name] is JsonValue value && value.TryGetValue<string>(out var text) && text.Length == 0)
                {
                    shaped.Remove(name);
                }
            }
        }

        return shaped;
    }

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
