using ElasticCompute.Api.Policy;
using ElasticCompute.Api.Recommendation;

namespace ElasticCompute.Portal.Machines;

/// <summary>What the create page shows for the current choice: the plans, the recommended disk and whether it fits.</summary>
internal sealed record CreatePlan(
    IReadOnlyList<MachinePreset> Presets,
    IReadOnlyList<int> CpuSizes,
    decimal MemoryMinBytes,
    decimal MemoryMaxBytes,
    decimal MemoryStepBytes,
    IReadOnlyList<GoldenImage> Images,
    int? Cpu,
    decimal? MemoryBytes,
    StorageRecommendation? Recommendation,
    FitCheck? Fit);
