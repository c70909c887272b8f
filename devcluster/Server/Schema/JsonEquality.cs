using System.Text.Json;
using System.Text.Json.Nodes;

namespace ElasticCompute.DevCluster.Server.Schema;

/// <summary>Deep equality of JSON values with numbers compared by value (1 equals 1.0), for enum and set checks.</summary>
internal static class JsonEquality
{
    public static bool Equal(JsonNode? a, JsonNode? b)
    {
        switch (a, b)
        {
            case (null, null):
                return true;
            case (JsonObject x, JsonObject y):
                if (x.Count != y.Count)
                {
                    return false;
                }

                foreach (var (key, value) in x)
                {
                    if (!y.TryGetPropertyValue(key, out var other) || !Equal(value, other))
                    {
                        return false;
                    }
                }

                return true;
            case (JsonArray x, JsonArray y):
                if (x.Count != y.Count)
                {
                    return false;
                }

                for (var i = 0; i < x.Count; i++)
                {
                    if (!Equal(x[i], y[i]))
                    {
                        return false;
                    }
                }

                return true;
            case (JsonValue x, JsonValue y):
                var kind = x.GetValueKind();
                if (kind != y.GetValueKind())
                {
                    return false;
                }

                return kind switch
                {
                    JsonValueKind.String => x.GetValue<string>() == y.GetValue<string>(),
                    JsonValueKind.Number => JsonNumbers.GetDouble(x) == JsonNumbers.GetDouble(y),
                    _ => true,
                };
            default:
                return false;
        }
    }
}
