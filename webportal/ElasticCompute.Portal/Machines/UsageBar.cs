namespace ElasticCompute.Portal.Machines;

/// <summary>One used-of-total bar: a &lt;meter&gt; with its numbers in words beside it (no inline style, so the CSP holds).</summary>
internal sealed record UsageBar(string Label, decimal Used, decimal? Total, string UsedText, string TotalText)
{
    public string Words => Total is null ? $"{UsedText} used, no limit" : $"{UsedText} of {TotalText} used, {FreeText} free";

    public string FreeText { get; init; } = string.Empty;

    public static UsageBar Count(string label, decimal used, decimal? total) =>
        new(label, used, total, Number(used), total is { } t ? Number(t) : "–") { FreeText = total is { } f ? Number(Math.Max(0, f - used)) : string.Empty };

    public static UsageBar Bytes(string label, decimal used, decimal? total) =>
        new(label, used, total, Sizes.Bytes(used), total is { } t ? Sizes.Bytes(t) : "–") { FreeText = total is { } f ? Sizes.Bytes(Math.Max(0, f - used)) : string.Empty };

    /// <summary>A tenant's machines, vCPU, memory and disk against its quota (no limit where the quota sets none).</summary>
    public static IReadOnlyList<UsageBar> ForTenant(TenantUsage usage, Api.Policy.NamespaceQuotaLimits? quota)
    {
        ArgumentNullException.ThrowIfNull(usage);
        return
        [
            Count("Machines", usage.Machines, quota?.MaxMachines),
            Count("vCPU", usage.Cpu, quota?.MaxCpu),
            Bytes("Memory", usage.MemoryBytes, quota?.MaxMemory is { } m && m.TryGetValue(out var mb) ? mb : null),
            Bytes("Disk", usage.StorageBytes, quota?.MaxStorage is { } s && s.TryGetValue(out var sb) ? sb : null),
        ];
    }

    private static string Number(decimal value) => value.ToString("0.##", System.Globalization.CultureInfo.InvariantCulture);
}
