using System.Text.Json.Nodes;
using ElasticCompute.Api.Defaulting;
using ElasticCompute.Api.Machines;
using ElasticCompute.Api.Policy;
using k8s;

namespace ElasticCompute.Operator.Webhooks;

/// <summary>
/// Fills in what a machine leaves out (run strategy, image, storage class, reclaim policy, the recommended disk size
/// with its reason in an annotation, and on create the operator's cleanup finalizer) as "add" operations on absent fields only, so applying the response twice
/// changes nothing and a reinvocation gives an empty patch.
/// </summary>
internal sealed class MachineMutatingWebhook(Func<EffectivePolicy> policy, IMachineDefaulter defaulter) : IAdmissionHandler
{
    public const string RecommendationAnnotation = "elasticcompute.io/storage-recommendation";

    public string Path => "/mutate-elasticmachine";

    public AdmissionResponse Review(AdmissionRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Operation is not ("CREATE" or "UPDATE") || request.Object is not { } obj || !string.IsNullOrEmpty(request.SubResource))
        {
            return AdmissionResponse.Allow(request.Uid);
        }

        ElasticMachine machine, current;
        try
        {
            machine = KubernetesJson.Deserialize<ElasticMachine>(obj);
            current = request.OldObject is { } old ? KubernetesJson.Deserialize<ElasticMachine>(old) : null!;
        }
        catch (System.Text.Json.JsonException)
        {
            return AdmissionResponse.Allow(request.Uid); // malformed: the schema check after mutation refuses it with the field
        }

        if (machine.Metadata?.DeletionTimestamp is not null)
        {
            return AdmissionResponse.Allow(request.Uid);
        }

        var defaults = defaulter.Defaults(machine, request.OldObject is null ? null : current, policy());
        var patch = Patch(obj, defaults);

        // The operator's cleanup finalizer comes with the machine, so the operator need not add it by a second write
        // (which would pass through both webhooks again). Only on create: an update never puts it back.
        if (request.Operation == "CREATE" && !(machine.Metadata?.Finalizers?.Contains(ElasticMachine.CleanupFinalizer) ?? false))
        {
            if (obj["metadata"]?["finalizers"] is JsonArray)
            {
                patch.Add(ElasticMachine.CleanupFinalizer, "metadata", "finalizers", "-");
            }
            else
            {
                patch.Add(new JsonArray(ElasticMachine.CleanupFinalizer), "metadata", "finalizers");
            }
        }

        return AdmissionResponse.WithPatch(request.Uid, patch);
    }

    internal static JsonPatch Patch(JsonObject obj, MachineDefaults defaults)
    {
        var patch = new JsonPatch();
        if (defaults.IsEmpty)
        {
            return patch;
        }

        if (obj["spec"] is not JsonObject spec)
        {
            spec = [];
            patch.Add(spec, "spec");
        }

        JsonNode? Value<T>(T value) => JsonNode.Parse(KubernetesJson.Serialize(value));

        if (defaults.RunStrategy is { } runStrategy)
        {
            patch.Add(Value(runStrategy), "spec", "runStrategy");
        }

        if (defaults.Image is { } image)
        {
            patch.Add(Value(image), "spec", "image");
        }

        var storage = new JsonObject();
        if (defaults.Size is { } size)
        {
            storage["size"] = size.Value;
        }

        if (defaults.StorageClassName is { } storageClass)
        {
            storage["storageClassName"] = storageClass;
        }

        if (defaults.ReclaimPolicy is { } reclaim)
        {
            storage["reclaimPolicy"] = Value(reclaim);
        }

        if (spec["storage"] is JsonObject)
        {
            foreach (var (name, value) in storage)
            {
                patch.Add(value, "spec", "storage", name);
            }
        }
        else if (storage.Count > 0)
        {
            patch.Add(storage, "spec", "storage");
        }

        if (defaults.Recommendation is { } reason)
        {
            if (obj["metadata"]?["annotations"] is JsonObject)
            {
                patch.Add(reason, "metadata", "annotations", RecommendationAnnotation);
            }
            else
            {
                patch.Add(new JsonObject { [RecommendationAnnotation] = reason }, "metadata", "annotations");
            }
        }

        return patch;
    }
}
