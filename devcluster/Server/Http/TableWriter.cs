using System.Text.Json;
using System.Text.Json.Nodes;
using ElasticCompute.DevCluster.Server.Resources;
using ElasticCompute.DevCluster.Server.Storage;

namespace ElasticCompute.DevCluster.Server.Http;

/// <summary>
/// meta.k8s.io/v1 Table responses, which <c>kubectl get</c> asks for: NAME, then the CRD's printer columns
/// (or a built-in kind's), with AGE when no column gives it.
/// </summary>
public static class TableWriter
{
    private static readonly PrinterColumn NameColumn = new(
        "Name",
        "string",
        ".metadata.name",
        "Name must be unique within a namespace. Is required when creating resources, although some resources may allow a client to request the generation of an appropriate name automatically. Name is primarily intended for creation idempotence and configuration definition. Cannot be updated.",
        Format: "name");

    public static void Write(Utf8JsonWriter w, ResourceType type, IEnumerable<StoredObject> items, long revision, string? @continue, string includeObject, DateTimeOffset now)
    {
        var columns = Columns(type);
        w.WriteStartObject();
        w.WriteString("kind", "Table");
        w.WriteString("apiVersion", "meta.k8s.io/v1");
        w.WriteStartObject("metadata");
        w.WriteString("resourceVersion", revision.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (@continue is not null)
        {
            w.WriteString("continue", @continue);
        }

        w.WriteEndObject();
        w.WriteStartArray("columnDefinitions");
        foreach (var column in columns)
        {
            w.WriteStartObject();
            w.WriteString("name", column.Name);
            w.WriteString("type", column.Type);
            w.WriteString("format", column.Format);
            w.WriteString("description", column.Description);
            w.WriteNumber("priority", column.Priority);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStartArray("rows");
        foreach (var item in items)
        {
            WriteRow(w, columns, item, includeObject, now);
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void WriteRow(Utf8JsonWriter w, IReadOnlyList<PrinterColumn> columns, StoredObject item, string includeObject, DateTimeOffset now)
    {
        var obj = JsonNode.Parse(item.Json)!.AsObject();
        w.WriteStartObject();
        w.WriteStartArray("cells");
        foreach (var column in columns)
        {
            var value = IsName(column) ? JsonValue.Create(item.Name) : column.Compute is { } compute ? compute(obj) : JsonPathLite.Evaluate(obj, column.JsonPath);
            if (value is null)
            {
                w.WriteNullValue();
            }
            else if (column.Display is { } display && value is JsonValue shown && display.TryGetValue(shown.ToString(), out var word))
            {
                w.WriteStringValue(word);
            }
            else if ((column.Type == "date" || column.ShowsAge) && value is JsonValue v && DateTimeOffset.TryParse(v.ToString(), System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var at))
            {
                // The server renders dates as ages, as the API server's table convertor does.
                w.WriteStringValue(HumanDuration.Format(now - at));
            }
            else
            {
                value.WriteTo(w);
            }
        }

        w.WriteEndArray();
        switch (includeObject)
        {
            case "None":
                break;
            case "Object":
                w.WritePropertyName("object");
                w.WriteRawValue(item.Json, skipInputValidation: true);
                break;
            default:
                w.WriteStartObject("object");
                w.WriteString("kind", "PartialObjectMetadata");
                w.WriteString("apiVersion", "meta.k8s.io/v1");
                w.WritePropertyName("metadata");
                (obj["metadata"] ?? new JsonObject()).WriteTo(w);
                w.WriteEndObject();
                break;
        }

        w.WriteEndObject();
    }

    private static bool IsName(PrinterColumn column) => column.Format == "name" && column.JsonPath == ".metadata.name";

    /// <summary>NAME first unless the kind places it (an Event's is last and wide-only), then the kind's columns, then AGE unless one gives it.</summary>
    private static List<PrinterColumn> Columns(ResourceType type)
    {
        var columns = type.Columns.ToList();
        if (!columns.Any(IsName))
        {
            columns.Insert(0, NameColumn);
        }

        if (!columns.Any(c => c.JsonPath == ".metadata.creationTimestamp" || c.ShowsAge))
        {
            columns.Add(new PrinterColumn("Age", "date", ".metadata.creationTimestamp"));
        }

        return columns;
    }
}
