using System.Text.Json.Nodes;
using ElasticCompute.Api.Policy;
using k8s;

namespace ElasticCompute.Operator.Webhooks;

/// <summary>
/// Refuses an ElasticComputePolicy the operator could not use (sizes, ranges, pools, quotas that contradict each
/// other), naming the field, so a broken policy never replaces a working one.
/// </summary>
internal sealed class PolicyValidatingWebhook : IAdmissionHandler
{
    public string Path => "/validate-elasticcomputepolicy";

    public AdmissionResponse Review(AdmissionRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Operation is not ("CREATE" or "UPDATE") || request.Object is not JsonObject obj || !string.IsNullOrEmpty(request.SubResource))
        {
            return AdmissionResponse.Allow(request.Uid);
        }

        try
        {
            var policy = KubernetesJson.Deserialize<ElasticComputePolicy>(obj);
            if (policy.Metadata?.DeletionTimestamp is null)
            {
                EffectivePolicy.From(policy.Spec);
            }

            return AdmissionResponse.Allow(request.Uid);
        }
        catch (InvalidPolicyException e)
        {
            return AdmissionResponse.Deny(request.Uid, 422, "Invalid", e.Message);
        }
        catch (System.Text.Json.JsonException e)
        {
            return AdmissionResponse.Deny(request.Uid, 400, "BadRequest", $"the ElasticComputePolicy cannot be read: {e.Message}");
        }
    }
}
