using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using k8s;

namespace ElasticCompute.Runtime.Informers;

/// <summary>
/// The client's own serializer options (its converters and whatever resolvers the host chained in), used to
/// deserialize straight from a parsed element: the client's string overloads would need a copy of every object's text.
/// </summary>
internal static class ClientJson
{
    private static readonly Lazy<JsonSerializerOptions> Options = new(() =>
    {
        JsonSerializerOptions? captured = null;
        KubernetesJson.AddJsonOptions(options => captured = options); // reads the options, changes nothing
        return captured!;
    });

    public static T Deserialize<T>(ReadOnlySpan<byte> utf8) =>
        JsonSerializer.Deserialize(utf8, (JsonTypeInfo<T>)Options.Value.GetTypeInfo(typeof(T)))
        ?? throw new JsonException($"a null {typeof(T).Name}");

    public static T Deserialize<T>(ref Utf8JsonReader reader) =>
        JsonSerializer.Deserialize(ref reader, (JsonTypeInfo<T>)Options.Value.GetTypeInfo(typeof(T)))
        ?? throw new JsonException($"a null {typeof(T).Name}");

    public static T Deserialize<T>(JsonElement element) =>
        element.Deserialize((JsonTypeInfo<T>)Options.Value.GetTypeInfo(typeof(T)))
        ?? throw new JsonException($"a null {typeof(T).Name}");
}
