namespace ElasticCompute.Api.Schema;

/// <summary>A column of <c>kubectl get</c> (a CRD additionalPrinterColumn). Priority 1 shows only with <c>-o wide</c>.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true)]
public sealed class PrinterColumnAttribute(string name, string type, string jsonPath) : Attribute
{
    public string Name { get; } = name;

    public string Type { get; } = type;

    public string JsonPath { get; } = jsonPath;

    public string Description { get; init; } = string.Empty;

    public int Priority { get; init; }

    /// <summary>Declaration order; attributes carry no order of their own.</summary>
    public int Order { get; init; }
}
