using System.Text.Json.Nodes;

namespace ElasticCompute.DevCluster.Server.Resources;

/// <summary>A Table column: a CRD additionalPrinterColumn, or one of a built-in kind's columns.</summary>
public sealed record PrinterColumn(string Name, string Type, string JsonPath, string Description = "", int Priority = 0, string Format = "")
{
    /// <summary>Words shown for values (a built-in kind's column, e.g. a Node's Ready "True" shown as "Ready").</summary>
    public IReadOnlyDictionary<string, string>? Display { get; init; }

    /// <summary>
    /// A built-in kind's column worked out from several fields, as the API server's printers do (an Event's
    /// "Object" is kind/name); used instead of <see cref="JsonPath"/>, which then names the main source.
    /// </summary>
    public Func<JsonObject, JsonNode?>? Compute { get; init; }

    /// <summary>The value is a timestamp the table shows as an age ("5m"), whatever the column's type.</summary>
    public bool ShowsAge { get; init; }
}
