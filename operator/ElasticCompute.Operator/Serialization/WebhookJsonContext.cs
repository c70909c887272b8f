using System.Text.Json;
using System.Text.Json.Serialization;
using ElasticCompute.Operator.Webhooks;

namespace ElasticCompute.Operator.Serialization;

/// <summary>AdmissionReview v1 as the API server sends and expects it (camelCase, nulls left out), without reflection.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(AdmissionReview))]
internal sealed partial class WebhookJsonContext : JsonSerializerContext;
