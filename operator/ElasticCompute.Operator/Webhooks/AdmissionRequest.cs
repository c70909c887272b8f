using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace ElasticCompute.Operator.Webhooks;

/// <summary>The part of an AdmissionRequest the webhooks read; objects stay JSON so nothing unknown is lost.</summary>
internal sealed record AdmissionRequest
{
    [JsonPropertyName("uid")]
    public string Uid { get; init; } = string.Empty;

    [JsonPropertyName("kind")]
    public GroupVersionKind? Kind { get; init; }

    [JsonPropertyName("subResource")]
    public string? SubResource { get; init; }

    [JsonPropertyName("name")]
    public string? Name { get; init; }

    [JsonPropertyName("namespace")]
    public string? Namespace { get; init; }

    /// <summary>CREATE, UPDATE, DELETE or CONNECT.</summary>
    [JsonPropertyName("operation")]
    public string Operation { get; init; } = string.Empty;

    [JsonPropertyName("object")]
    public JsonObject? Object { get; init; }

    [JsonPropertyName("oldObject")]
    public JsonObject? OldObject { get; init; }

    /// <summary>The request will not be persisted; a webhook with side effects must not make them.</summary>
    [JsonPropertyName("dryRun")]
    public bool? DryRun { get; init; }

    internal sealed record GroupVersionKind
    {
        [JsonPropertyName("group")]
        public string? Group { get; init; }

        [JsonPropertyName("version")]
        public string? Version { get; init; }

        [JsonPropertyName("kind")]
        public string? Kind { get; init; }
    }
}
