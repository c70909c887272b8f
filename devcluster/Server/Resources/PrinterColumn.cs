namespace ElasticCompute.DevCluster.Server.Resources;

/// <summary>A Table column: a CRD additionalPrinterColumn, or one of a built-in kind's columns.</summary>
public sealed record PrinterColumn(string Name, string Type, string JsonPath, string Description = "", int Priority = 0, string Format = "")
{
    /// <summary>Words shown for values (a built-in kind's column, e.g. a Node's Ready "True" shown as "Ready").</summary>
    public IReadOnlyDictionary<string, string>? Display { get; init; }
}
