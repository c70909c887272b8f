using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using ElasticCompute.DevCluster.Server.Registry;

namespace ElasticCompute.DevCluster.Server.Simulation;

/// <summary>Small JSON helpers the simulated controllers share (conditions, quantities, owner references).</summary>
internal static class SimJson
{
    public static string? Str(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    public static long Int(JsonNode? node, long fallback) =>
        node is JsonValue v && (v.TryGetValue<long>(out var l) || (v.TryGetValue<double>(out var d) && (l = (long)d) == d)) ? l : fallback;

    public static decimal Quantity(JsonNode? node, decimal fallback = 0) =>
        node is JsonValue v && Schema.Quantity.TryParse(v.ToString(), out var q) ? q.Value :
        node is JsonValue n && n.TryGetValue<double>(out var d) ? (decimal)d : fallback;

    public static bool IsQuantity(JsonNode? node) => node is JsonValue v && Schema.Quantity.TryParse(v.ToString(), out _);

    /// <summary>Bytes in the largest binary unit that divides them (2Ti, 512Mi), as Kubernetes prints quantities.</summary>
    public static string FormatBytes(decimal bytes)
    {
        foreach (var (suffix, size) in new[] { ("Ti", 1099511627776m), ("Gi", 1073741824m), ("Mi", 1048576m), ("Ki", 1024m) })
        {
            if (bytes >= size && bytes % size == 0)
            {
                return (bytes / size).ToString(CultureInfo.InvariantCulture) + suffix;
            }
        }

        return bytes.ToString(CultureInfo.InvariantCulture);
    }

    public static string Cpu(decimal cores) =>
        cores == decimal.Truncate(cores) ? cores.ToString("0", CultureInfo.InvariantCulture) : (cores * 1000).ToString("0", CultureInfo.InvariantCulture) + "m";

    public static JsonArray Conditions(JsonObject status)
    {
        if (status["conditions"] is not JsonArray conditions)
        {
            status["conditions"] = conditions = [];
        }

        return conditions;
    }

    public static JsonObject? Condition(JsonNode? status, string type) =>
        (status?["conditions"] as JsonArray)?.OfType<JsonObject>().FirstOrDefault(c => Str(c["type"]) == type);

    /// <summary>Sets a condition; its lastTransitionTime moves only when its status does (so a resync writes nothing).</summary>
    public static void SetCondition(JsonObject status, string type, string value, string? reason, string? message, DateTimeOffset now)
    {
        var conditions = Conditions(status);
        var existing = conditions.OfType<JsonObject>().FirstOrDefault(c => Str(c["type"]) == type);
        var since = existing is not null && Str(existing["status"]) == value && Str(existing["lastTransitionTime"]) is { } t ? t : ObjectMeta.Timestamp(now);
        var condition = new JsonObject { ["type"] = type, ["status"] = value, ["lastTransitionTime"] = since };
        if (!string.IsNullOrEmpty(reason))
        {
            condition["reason"] = reason;
        }

        if (!string.IsNullOrEmpty(message))
        {
            condition["message"] = message;
        }

        if (existing is null)
        {
            conditions.Add(condition);
        }
        else
        {
            conditions[conditions.IndexOf(existing)] = condition;
        }
    }

    public static void RemoveCondition(JsonObject status, string type)
    {
        if (status["conditions"] is JsonArray conditions)
        {
            foreach (var c in conditions.OfType<JsonObject>().Where(c => Str(c["type"]) == type).ToList())
            {
                conditions.Remove(c);
            }

            if (conditions.Count == 0)
            {
                status.Remove("conditions");
            }
        }
    }

    public static JsonObject OwnerReference(JsonObject owner) => new()
    {
        ["apiVersion"] = Str(owner["apiVersion"]),
        ["kind"] = Str(owner["kind"]),
        ["name"] = ObjectMeta.Name(owner),
        ["uid"] = ObjectMeta.Uid(owner),
        ["controller"] = true,
        ["blockOwnerDeletion"] = true,
    };

    public static string? ControllerUid(JsonObject obj) =>
        (obj["metadata"]?["ownerReferences"] as JsonArray)?.OfType<JsonObject>()
            .FirstOrDefault(r => r["controller"] is JsonValue c && c.TryGetValue<bool>(out var b) && b) is { } owner ? Str(owner["uid"]) : null;

    public static string Hash(JsonNode? node) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(node?.ToJsonString() ?? "null")))[..16];

    public static bool Same(JsonNode? a, JsonNode? b) => JsonNode.DeepEquals(a, b);
}
