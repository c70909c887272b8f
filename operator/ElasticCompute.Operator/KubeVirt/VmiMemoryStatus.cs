using System.Text.Json.Serialization;
using ElasticCompute.Api.Quantities;

namespace ElasticCompute.Operator.KubeVirt;

internal sealed record VmiMemoryStatus
{
    [JsonPropertyName("guestAtBoot")]
    public Quantity? GuestAtBoot { get; set; }

    [JsonPropertyName("guestCurrent")]
    public Quantity? GuestCurrent { get; set; }

    [JsonPropertyName("guestRequested")]
    public Quantity? GuestRequested { get; set; }
}
