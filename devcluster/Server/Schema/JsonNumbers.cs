using System.Text.Json;
using System.Text.Json.Nodes;

namespace ElasticCompute.DevCluster.Server.Schema;

/// <summary>
/// Reads numbers from JsonValues whether they were parsed (JsonElement) or built in code (long, int, double),
/// with the API server's rule: a number written without fraction or exponent is an integer.
/// </summary>
internal static class JsonNumbers
{
    public static bool TryGetInt64(JsonValue value, out long result)
    {
        if (value.TryGetValue<JsonElement>(out var element))
        {
            result = 0;
            // TryGetInt64 refuses 2.0 and 1e3, which the API server decodes as floats.
            return element.ValueKind == JsonValueKind.Number && element.TryGetInt64(out result);
        }

        if (value.TryGetValue(out result))
        {
            return true;
        }

        if (value.TryGetValue<int>(out var i))
        {
            result = i;
            return true;
        }

        if (value.TryGetValue<short>(out var s))
        {
            result = s;
            return true;
        }

        if (value.TryGetValue<uint>(out var u))
        {
            result = u;
            return true;
        }

        result = 0;
        return false;
    }

    public static double GetDouble(JsonValue value)
    {
        if (value.TryGetValue<JsonElement>(out var element))
        {
            return element.GetDouble();
        }

        if (TryGetInt64(value, out var l))
        {
            return l;
        }

        if (value.TryGetValue<double>(out var d))
        {
            return d;
        }

        if (value.TryGetValue<float>(out var f))
        {
            return f;
        }

        return value.TryGetValue<decimal>(out var m) ? (double)m : double.NaN;
    }
}
