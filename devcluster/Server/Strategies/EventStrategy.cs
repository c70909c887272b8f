using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ElasticCompute.DevCluster.Server.Errors;
using ElasticCompute.DevCluster.Server.Registry;
using ElasticCompute.DevCluster.Server.Resources;

namespace ElasticCompute.DevCluster.Server.Strategies;

/// <summary>
/// The API server's Event validation (pkg/apis/core/validation/events.go): every Event passes the legacy rules (its
/// namespace agrees with the object's; an Event with eventTime names its reporter, action and reason); one written
/// through events.k8s.io/v1 is also strict (eventTime, type Normal or Warning, no deprecated fields, a valid series)
/// and, once stored, changes only its series. Errors name the fields of the shape that was written.
/// Register under "events" (core, <paramref name="strict"/> false) and "events.events.k8s.io" (strict).
/// </summary>
internal sealed partial class EventStrategy(bool strict) : IResourceStrategy
{
    private const int LengthLimit = 128;
    private const int NoteLengthLimit = 1024;

    // A field by its core/v1 name, in the shape being validated.
    private string F(string core) => strict ? EventConversion.EventsName(core) : core;

    public void PrepareForCreate(JsonObject obj)
    {
    }

    public void PrepareForUpdate(JsonObject updated, JsonObject current)
    {
    }

    public IEnumerable<FieldError> ValidateCreate(JsonObject obj) => Legacy(obj).Concat(strict ? Strict(obj) : []);

    public IEnumerable<FieldError> ValidateUpdate(JsonObject updated, JsonObject current)
    {
        var errors = Legacy(updated).ToList();
        if (!strict)
        {
            return errors;
        }

        if (!JsonNode.DeepEquals(updated["series"], current["series"]))
        {
            errors.AddRange(Series(updated));
        }

        foreach (var field in new[] { "involvedObject", "reason", "message", "source", "firstTimestamp", "lastTimestamp", "count", "type", "eventTime", "action", "related", "reportingComponent", "reportingInstance" })
        {
            if (!JsonNode.DeepEquals(updated[F(field)], current[F(field)]))
            {
                errors.Add(FieldError.Invalid(F(field), updated[F(field)], "field is immutable"));
            }
        }

        return errors;
    }

    private IEnumerable<FieldError> Legacy(JsonObject e)
    {
        var ns = ObjectMeta.Namespace(e);
        var about = Text(e[F("involvedObject")]?["namespace"]);
        var path = F("involvedObject") + ".namespace";
        if (Text(e["eventTime"]).Length == 0)
        {
            if (about.Length == 0 ? ns is not ("" or "default") : ns != about)
            {
                yield return FieldError.Invalid(path, about, "does not match event.namespace");
            }

            yield break;
        }

        if (about.Length == 0 && ns is not ("default" or "kube-system"))
        {
            yield return FieldError.Invalid(path, about, "does not match event.namespace");
        }

        var reporter = Text(e[F("reportingComponent")]);
        if (reporter.Length == 0)
        {
            yield return FieldError.Required(F("reportingComponent"));
        }
        else if (!QualifiedName().IsMatch(reporter) || reporter.Split('/')[^1].Length > 63)
        {
            yield return FieldError.Invalid(F("reportingComponent"), reporter, "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character, with an optional DNS subdomain prefix and '/'");
        }

        foreach (var field in new[] { "reportingInstance", "action", "reason" })
        {
            var value = Text(e[field]);
            if (value.Length == 0)
            {
                yield return FieldError.Required(field);
            }
            else if (value.Length > LengthLimit)
            {
                yield return FieldError.Invalid(field, string.Empty, $"can have at most {LengthLimit} characters");
            }
        }

        if (Text(e[F("message")]).Length > NoteLengthLimit)
        {
            yield return FieldError.Invalid(F("message"), string.Empty, $"can have at most {NoteLengthLimit} characters");
        }
    }

    private IEnumerable<FieldError> Strict(JsonObject e)
    {
        foreach (var error in Series(e))
        {
            yield return error;
        }

        if (Text(e["eventTime"]).Length == 0)
        {
            yield return FieldError.Required("eventTime");
        }

        if (Text(e["type"]) is not ("Normal" or "Warning") and var type)
        {
            yield return FieldError.Invalid("type", string.Empty, $"has invalid value: {type}");
        }

        foreach (var field in new[] { "firstTimestamp", "lastTimestamp" })
        {
            if (Text(e[F(field)]).Length > 0)
            {
                yield return FieldError.Invalid(F(field), string.Empty, "needs to be unset");
            }
        }

        if (e[F("count")] is JsonValue count && count.TryGetValue<long>(out var n) && n != 0)
        {
            yield return FieldError.Invalid(F("count"), string.Empty, "needs to be unset");
        }

        if (e[F("source")] is JsonObject source && (Text(source["component"]).Length > 0 || Text(source["host"]).Length > 0))
        {
            yield return FieldError.Invalid(F("source"), string.Empty, "needs to be unset");
        }
    }

    private static IEnumerable<FieldError> Series(JsonObject e)
    {
        if (e["series"] is not JsonObject series)
        {
            yield break;
        }

        if (!(series["count"] is JsonValue count && count.TryGetValue<long>(out var n) && n >= 2))
        {
            yield return FieldError.Invalid("series.count", string.Empty, "should be at least 2");
        }

        if (Text(series["lastObservedTime"]).Length == 0)
        {
            yield return FieldError.Required("series.lastObservedTime");
        }
    }

    private static string Text(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : string.Empty;

    [GeneratedRegex("^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$")]
    private static partial Regex QualifiedName();
}
