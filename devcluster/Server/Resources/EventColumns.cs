using System.Text.Json.Nodes;

namespace ElasticCompute.DevCluster.Server.Resources;

/// <summary>
/// The columns of <c>kubectl get events</c>, as the API server's event printer makes them for both core/v1 and
/// events.k8s.io/v1 (one resource in two shapes, so each value is read under either field name).
/// </summary>
internal static class EventColumns
{
    public static IReadOnlyList<PrinterColumn> All { get; } =
    [
        new("Last Seen", "string", ".lastTimestamp", "The time at which the most recent occurrence of this event was recorded.") { Compute = LastSeen, ShowsAge = true },
        new("Type", "string", ".type", "Type of this event (Normal, Warning), new types could be added in the future."),
        new("Reason", "string", ".reason", "This should be a short, machine understandable string that gives the reason for the transition into the object's current status."),
        new("Object", "string", ".involvedObject.name", "The object that this event is about.") { Compute = Target },
        new("Subobject", "string", ".involvedObject.fieldPath", "The part of the object this event is about.", Priority: 1) { Compute = o => Either(o, "involvedObject", "regarding")?["fieldPath"]?.DeepClone() ?? string.Empty },
        new("Source", "string", ".source.component", "The component reporting this event.", Priority: 1) { Compute = Source },
        new("Message", "string", ".message", "A human-readable description of the status of this operation.") { Compute = o => Text(Either(o, "message", "note")).Trim() },
        new("First Seen", "string", ".firstTimestamp", "The time at which the event was first recorded.", Priority: 1) { Compute = FirstSeen, ShowsAge = true },
        new("Count", "string", ".count", "The number of times this event has occurred.", Priority: 1) { Compute = Count },
        new("Name", "string", ".metadata.name", "Name must be unique within a namespace.", Priority: 1, Format: "name"),
    ];

    private static JsonNode? Either(JsonObject o, string core, string events) => o[core] ?? o[events];

    private static string Text(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : string.Empty;

    private static JsonNode? FirstSeen(JsonObject o) =>
        NonEmpty(Either(o, "firstTimestamp", "deprecatedFirstTimestamp")) ?? NonEmpty(o["eventTime"]);

    private static JsonNode? LastSeen(JsonObject o) =>
        NonEmpty(o["series"]?["lastObservedTime"]) ?? NonEmpty(Either(o, "lastTimestamp", "deprecatedLastTimestamp")) ?? FirstSeen(o);

    private static JsonNode? NonEmpty(JsonNode? node) => Text(node).Length > 0 ? node!.DeepClone() : null;

    private static JsonNode Target(JsonObject o)
    {
        var about = Either(o, "involvedObject", "regarding");
        var kind = Text(about?["kind"]).ToLowerInvariant();
        var name = Text(about?["name"]);
        return name.Length > 0 ? $"{kind}/{name}" : kind;
    }

    private static JsonNode Source(JsonObject o)
    {
        var source = Either(o, "source", "deprecatedSource");
        var component = Text(source?["component"]) is { Length: > 0 } c ? c : Text(Either(o, "reportingComponent", "reportingController"));
        var instance = Text(source?["host"]) is { Length: > 0 } h ? h : Text(o["reportingInstance"]);
        return instance.Length == 0 ? component : $"{component}, {instance}";
    }

    private static JsonNode Count(JsonObject o)
    {
        if (o["series"]?["count"] is JsonValue series && series.TryGetValue<long>(out var observed))
        {
            return observed;
        }

        return Either(o, "count", "deprecatedCount") is JsonValue v && v.TryGetValue<long>(out var count) && count > 0 ? count : 1;
    }
}
