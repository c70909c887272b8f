using System.Text.Json.Serialization;

namespace ElasticCompute.Operator.KubeVirt;

internal sealed record VirtualMachineSpec
{
    /// <summary>Always, Halted, Manual, RerunOnFailure or Once (see <see cref="RunStrategies"/>).</summary>
    [JsonPropertyName("runStrategy")]
    public string? RunStrategy { get; set; }

    [JsonPropertyName("template")]
    public VirtualMachineInstanceTemplate Template { get; set; } = new();
}
