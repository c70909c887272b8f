using System.Text.Json.Nodes;
using ElasticCompute.DevCluster.Server.Registry;

namespace ElasticCompute.DevCluster.Server.Admission;

/// <summary>The admission.k8s.io/v1 AdmissionReview kube sends, and the checks it makes of the answer (VerifyAdmissionResponse).</summary>
internal static class AdmissionReview
{
    public const string ApiVersion = "admission.k8s.io/v1";
    public const string Kind = "AdmissionReview";

    public static JsonObject Request(string uid, AdmissionAttributes attributes, JsonObject? obj)
    {
        var type = attributes.Type;
        var request = new JsonObject
        {
            ["uid"] = uid,
            ["kind"] = Gvk(),
            ["resource"] = Gvr(),
        };
        if (attributes.Subresource is { Length: > 0 } sub)
        {
            request["subResource"] = sub;
        }

        request["requestKind"] = Gvk();
        request["requestResource"] = Gvr();
        if (attributes.Subresource is { Length: > 0 } requestSub)
        {
            request["requestSubResource"] = requestSub;
        }

        if (attributes.Name.Length > 0)
        {
            request["name"] = attributes.Name;
        }

        if (WebhookMatcher.RequestNamespace(attributes) is { Length: > 0 } ns)
        {
            request["namespace"] = ns;
        }

        request["operation"] = WebhookRule.Operation(attributes.Operation);
        request["userInfo"] = new JsonObject { ["username"] = attributes.Options.UserName };
        request["object"] = obj?.DeepClone();
        request["oldObject"] = attributes.OldObject?.DeepClone();
        request["dryRun"] = attributes.Options.DryRun;
        request["options"] = Options(attributes);
        return new JsonObject { ["kind"] = Kind, ["apiVersion"] = ApiVersion, ["request"] = request };

        JsonObject Gvk() => new() { ["group"] = type.Group, ["version"] = type.Version, ["kind"] = type.Kind };
        JsonObject Gvr() => new() { ["group"] = type.Group, ["version"] = type.Version, ["resource"] = type.Plural };
    }

    /// <summary>Returns the response, or the reason it is not a valid one (kube's exact words).</summary>
    public static (JsonObject? Response, string? Error) Verify(JsonNode? review, string uid, bool mutating)
    {
        if (review is not JsonObject root || root["response"] is not JsonObject response)
        {
            return (null, "webhook response was absent");
        }

        var got = (string?)response["uid"] ?? string.Empty;
        if (got != uid)
        {
            return (null, $"expected response.uid=\"{uid}\", got \"{got}\"");
        }

        var apiVersion = (string?)root["apiVersion"] ?? string.Empty;
        var kind = (string?)root["kind"] ?? string.Empty;
        if (apiVersion != ApiVersion || kind != Kind)
        {
            return (null, $"expected webhook response of {ApiVersion}, Kind={Kind}, got {apiVersion}, Kind={kind}");
        }

        var hasPatch = response["patch"] is JsonValue p && ((string?)p)?.Length > 0;
        var hasPatchType = response["patchType"] is not null;
        if (mutating)
        {
            if (hasPatch && !hasPatchType)
            {
                return (null, "webhook returned response.patch but not response.patchType");
            }

            if (!hasPatch && hasPatchType)
            {
                return (null, "webhook returned response.patchType but not response.patch");
            }

            if (hasPatchType && ((string?)response["patchType"])?.Length is null or 0)
            {
                return (null, "webhook returned invalid response.patchType of \"\"");
            }
        }
        else if (hasPatch)
        {
            return (null, "validating webhook may not return response.patch");
        }
        else if (hasPatchType)
        {
            return (null, "validating webhook may not return response.patchType");
        }

        return (response, null);
    }

    /// <summary>The options object of the operation, as kube passes it (meta.k8s.io/v1 Create/Update/DeleteOptions).</summary>
    private static JsonObject Options(AdmissionAttributes attributes)
    {
        var kind = attributes.Operation switch
        {
            AdmissionOperation.Create => "CreateOptions",
            AdmissionOperation.Update => "UpdateOptions",
            _ => "DeleteOptions",
        };
        var options = new JsonObject { ["kind"] = kind, ["apiVersion"] = "meta.k8s.io/v1" };
        if (attributes.Options.DryRun)
        {
            options["dryRun"] = new JsonArray("All");
        }

        if (attributes.Operation != AdmissionOperation.Delete && attributes.Options.FieldManager is { Length: > 0 } manager)
        {
            options["fieldManager"] = manager;
        }

        return options;
    }
}
