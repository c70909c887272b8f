using System.Text.Json.Serialization;
using ElasticCompute.Api.Quantities;

namespace ElasticCompute.Operator.KubeVirt;

/// <remarks>
/// Quantities use the API library's <see cref="Quantity"/>, which keeps the text and never throws while
/// reading, so a hand-edited VM with an odd value cannot break the cache that reads it.
/// </remarks>
internal sealed record GuestMemory
{
    [JsonPropertyName("guest")]
    public Quantity? Guest { get; set; }

    /// <summary>The most memory hotplug may raise <see cref="Guest"/> to without a restart.</summary>
    [JsonPropertyName("maxGuest")]
    public Quantity? MaxGuest { get; set; }
}
