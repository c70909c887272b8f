using System.Text.Json;
using System.Text.Json.Nodes;

namespace ElasticCompute.DevCluster.Server.Patching;

/// <summary>Dispatches to the patch engines and keeps managed fields (see <see cref="IPatcher"/> for which); stateless.</summary>
internal sealed class Patcher : IPatcher
{
    public JsonObject Patch(PatchType type, JsonObject? live, ReadOnlySpan<byte> body, PatchContext context)
    {
        if (type == PatchType.ApplyPatch)
        {
            return ServerSideApply.Apply(live, ApplyBody.Parse(body), context.Manager, context.Force, context.Lists, context.Time.GetUtcNow());
        }

        ArgumentNullException.ThrowIfNull(live);
        return type switch
        {
            PatchType.JsonPatch => JsonPatch.Apply(live, JsonPatch.Parse(body)) as JsonObject
                ?? throw PatchException.Unprocessable("the patched document is not an object"),
            PatchType.MergePatch => (JsonObject)JsonMergePatch.Apply(live, ParseObject(body, "Invalid JSON Patch"))!,
            PatchType.StrategicMergePatch => StrategicMergePatch.IsSupported(context.Group, context.Kind)
                ? StrategicMergePatch.Apply(live, ParseObject(body, null), context.Lists)
                : throw PatchException.UnsupportedMediaType(),
            _ => throw new ArgumentOutOfRangeException(nameof(type)),
        };
    }

    public JsonObject Update(JsonObject? live, JsonObject updated, PatchContext context) =>
        UpdateTracker.Record(live, updated, context.Manager, context.ApiVersion, context.Lists, context.Time.GetUtcNow());

    // Merge patch: evanphx answers ErrBadJSONPatch ("Invalid JSON Patch") for a body that is not an object.
    // Strategic merge patch: the json.Unmarshal error text.
    private static JsonObject ParseObject(ReadOnlySpan<byte> body, string? notAnObject)
    {
        try
        {
            return JsonNode.Parse(body) as JsonObject
                ?? throw PatchException.BadRequest(notAnObject ?? "json: cannot unmarshal into Go value of type map[string]interface {}");
        }
        catch (JsonException e)
        {
            throw PatchException.BadRequest(notAnObject ?? e.Message);
        }
    }
}
