using System.Text.Json.Serialization.Metadata;
using ElasticCompute.Api.Serialization;
using k8s;

namespace ElasticCompute.Operator.Serialization;

/// <summary>
/// Puts the operator's source-generated JSON metadata ahead of the client's resolver (its own generated models, then
/// reflection). The operator executable calls it first thing: a Native AOT build keeps no reflection metadata for our
/// types, and the client's serializer options freeze on first use, so it cannot be done later.
/// </summary>
public static class OperatorJson
{
    private static int configured;

    public static void UseSourceGeneratedMetadata()
    {
        if (Interlocked.Exchange(ref configured, 1) == 0)
        {
            KubernetesJson.AddJsonOptions(options =>
                options.TypeInfoResolver = JsonTypeInfoResolver.Combine(ApiJsonContext.Default, OperatorJsonContext.Default, options.TypeInfoResolver));
        }
    }
}
