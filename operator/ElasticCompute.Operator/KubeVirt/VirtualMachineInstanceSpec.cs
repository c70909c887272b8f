using System.Text.Json.Serialization;

namespace ElasticCompute.Operator.KubeVirt;

internal sealed record VirtualMachineInstanceSpec
{
    [JsonPropertyName("domain")]
    public DomainSpec Domain { get; set; } = new();

    [JsonPropertyName("nodeSelector")]
    public IDictionary<string, string>? NodeSelector { get; set; }

    /// <summary>None, LiveMigrate, LiveMigrateIfPossible or External.</summary>
    [JsonPropertyName("evictionStrategy")]
    public string? EvictionStrategy { get; set; }

    [JsonPropertyName("terminationGracePeriodSeconds")]
    public long? TerminationGracePeriodSeconds { get; set; }

    [JsonPropertyName("accessCredentials")]
    public IList<AccessCredential>? AccessCredentials { get; set; }

    [JsonPropertyName("networks")]
    public IList<Network>? Networks { get; set; }

    [JsonPropertyName("volumes")]
    public IList<Volume>? Volumes { get; set; }
}
