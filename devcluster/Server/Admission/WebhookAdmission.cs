using System.Text.Json;
using System.Text.Json.Nodes;
using ElasticCompute.DevCluster.Server.Errors;
using ElasticCompute.DevCluster.Server.Patching;
using ElasticCompute.DevCluster.Server.Registry;

namespace ElasticCompute.DevCluster.Server.Admission;

/// <summary>
/// The MutatingAdmissionWebhook and ValidatingAdmissionWebhook plugins of kube-apiserver: reads the webhook
/// configurations from the registry on every request (so changes apply at once), matches them as kube does and
/// calls them over HTTPS. Messages and codes are kube 1.32's.
/// </summary>
internal sealed class WebhookAdmission(ResourceRegistry registry, TimeProvider time) : IAdmission, IDisposable
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, ((string Uid, long Revision)[] Key, List<Webhook> Hooks)> loaded = new(StringComparer.Ordinal);

    private const string Group = "admissionregistration.k8s.io";

    private readonly WebhookCaller caller = new(time);

    public async Task<(JsonObject? Object, IReadOnlyList<string> Warnings)> MutateAsync(AdmissionAttributes attributes, CancellationToken cancellationToken)
    {
        var warnings = new List<string>();
        if (WebhookMatcher.IsExempt(attributes.Type))
        {
            return (attributes.Object, warnings);
        }

        var hooks = Load("mutatingwebhookconfigurations", mutating: true);
        var current = attributes;
        var previouslyInvoked = new HashSet<string>(StringComparer.Ordinal);
        var reinvoke = new HashSet<string>(StringComparer.Ordinal);
        foreach (var hook in hooks)
        {
            if (!WebhookMatcher.ShouldCall(hook, current, registry))
            {
                continue;
            }

            var mutated = await MutateOnceAsync(hook, current, warnings, cancellationToken).ConfigureAwait(false);
            if (mutated is not null)
            {
                // A change makes every earlier IfNeeded webhook eligible for one more call.
                current = current with { Object = mutated };
                reinvoke.UnionWith(previouslyInvoked);
            }

            if (hook.ReinvokeIfNeeded)
            {
                previouslyInvoked.Add(hook.Key);
            }
        }

        // The second round: only webhooks already called, never one skipped the first time.
        foreach (var hook in hooks.Where(h => reinvoke.Contains(h.Key)))
        {
            if (WebhookMatcher.ShouldCall(hook, current, registry)
                && await MutateOnceAsync(hook, current, warnings, cancellationToken).ConfigureAwait(false) is { } mutated)
            {
                current = current with { Object = mutated };
            }
        }

        return (current.Object, warnings);
    }

    public async Task<IReadOnlyList<string>> ValidateAsync(AdmissionAttributes attributes, CancellationToken cancellationToken)
    {
        if (WebhookMatcher.IsExempt(attributes.Type))
        {
            return [];
        }

        var hooks = Load("validatingwebhookconfigurations", mutating: false).Where(h => WebhookMatcher.ShouldCall(h, attributes, registry)).ToList();

        // kube calls validating webhooks in parallel; results are read in configuration order so the error reported is stable.
        var calls = hooks.Select(h => ValidateOnceAsync(h, attributes, cancellationToken)).ToList();
        var warnings = new List<string>();
        ApiException? first = null;
        for (var i = 0; i < calls.Count; i++)
        {
            var (hookWarnings, error) = await calls[i].ConfigureAwait(false);
            warnings.AddRange(hookWarnings);
            first ??= error;
        }

        return first is null ? warnings : throw first;
    }

    public void Dispose() => caller.Dispose();

    /// <summary>
    /// The webhooks of all configurations of a kind, in order of configuration name, then webhook order. Every write
    /// in the cluster asks, so the parsed list is kept until a configuration changes (its uid or revision).
    /// </summary>
    private List<Webhook> Load(string plural, bool mutating)
    {
        if (!registry.Catalog.TryGet(Group, "v1", plural, out var type))
        {
            return [];
        }

        var items = registry.List(type, null, ListOptions.Default).Items;
        if (loaded.TryGetValue(plural, out var cached) && Unchanged(cached.Key, items))
        {
            return cached.Hooks;
        }

        var key = items.Select(i => (i.Uid, i.Revision)).ToArray();

        var hooks = items
            .Select(ResourceRegistry.Parse)
            .OrderBy(c => (string?)c["metadata"]?["name"], StringComparer.Ordinal)
            .SelectMany(c => Webhook.FromConfiguration(c, mutating))
            .ToList();
        loaded[plural] = (key, hooks);
        return hooks;
    }

    private static bool Unchanged((string Uid, long Revision)[] key, IReadOnlyList<Storage.StoredObject> items)
    {
        if (key.Length != items.Count)
        {
            return false;
        }

        for (var i = 0; i < key.Length; i++)
        {
            if (key[i].Uid != items[i].Uid || key[i].Revision != items[i].Revision)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Calls one mutating webhook; returns the patched object when it changed, null otherwise.</summary>
    private async Task<JsonObject?> MutateOnceAsync(Webhook hook, AdmissionAttributes attributes, List<string> warnings, CancellationToken cancellationToken)
    {
        JsonObject response;
        try
        {
            response = await CallAsync(hook, attributes, warnings, cancellationToken).ConfigureAwait(false);
        }
        catch (WebhookCallException e)
        {
            return hook.FailOpen ? null : throw Internal(e.Message);
        }

        if ((string?)response["patch"] is not { Length: > 0 } encoded)
        {
            return null;
        }

        var patchType = (string?)response["patchType"];
        if (patchType != "JSONPatch")
        {
            return hook.FailOpen ? null : throw Internal(new WebhookCallException(hook.Name, $"unsupported patch type \"{patchType}\"").Message);
        }

        JsonNode? patch;
        try
        {
            patch = JsonNode.Parse(Convert.FromBase64String(encoded));
        }
        catch (Exception e) when (e is FormatException or JsonException)
        {
            var error = new WebhookCallException(hook.Name, $"received undecodable patch in webhook response: {e.Message}");
            return hook.FailOpen ? null : throw Internal(error.Message);
        }

        if (patch is JsonArray { Count: 0 })
        {
            return null;
        }

        if (attributes.Object is null)
        {
            throw Internal($"admission webhook \"{hook.Name}\" attempted to modify the object, which is not supported for this operation");
        }

        JsonNode patched;
        try
        {
            patched = JsonPatch.Apply(attributes.Object, patch);
        }
        catch (PatchException e)
        {
            // kube returns the json-patch library's error as an internal error, whatever the failurePolicy.
            throw Internal(e.Detail);
        }

        return patched is JsonObject result && !JsonNode.DeepEquals(result, attributes.Object) ? result : null;
    }

    private async Task<(IReadOnlyList<string> Warnings, ApiException? Error)> ValidateOnceAsync(Webhook hook, AdmissionAttributes attributes, CancellationToken cancellationToken)
    {
        var warnings = new List<string>();
        try
        {
            await CallAsync(hook, attributes, warnings, cancellationToken).ConfigureAwait(false);
            return (warnings, null);
        }
        catch (WebhookCallException e)
        {
            return (warnings, hook.FailOpen ? null : Internal(e.Message));
        }
        catch (ApiException e)
        {
            return (warnings, e);
        }
    }

    /// <summary>One call: dry-run check, the review, the answer's checks; a refusal throws the webhook's Status.</summary>
    private async Task<JsonObject> CallAsync(Webhook hook, AdmissionAttributes attributes, List<string> warnings, CancellationToken cancellationToken)
    {
        if (attributes.Options.DryRun)
        {
            if (hook.SideEffects is null)
            {
                throw new WebhookCallException(hook.Name, "Webhook SideEffects is nil");
            }

            if (hook.SideEffects is not ("None" or "NoneOnDryRun"))
            {
                throw ApiException.BadRequest($"admission webhook \"{hook.Name}\" does not support dry run");
            }
        }

        if (!hook.ReviewVersions.Contains("v1"))
        {
            // kube would fall back to v1beta1; devcluster speaks v1 only (it is the only version kube 1.32 validation requires).
            throw new WebhookCallException(hook.Name, hook.ReviewVersions.Contains("v1beta1")
                ? "could not create admission objects: devcluster sends admission.k8s.io/v1 AdmissionReviews only; add \"v1\" to admissionReviewVersions"
                : "could not create admission objects: webhook does not accept known AdmissionReview versions (v1, v1beta1)");
        }

        var uid = Guid.NewGuid().ToString();
        var review = AdmissionReview.Request(uid, attributes, attributes.Object);
        var answer = await caller.PostAsync(hook, review, cancellationToken).ConfigureAwait(false);
        var (response, error) = AdmissionReview.Verify(answer, uid, hook.Mutating);
        if (response is null)
        {
            throw new WebhookCallException(hook.Name, $"received invalid webhook response: {error}");
        }

        if (response["warnings"] is JsonArray list)
        {
            warnings.AddRange(list.Select(w => (string?)w).OfType<string>().Where(w => w.Length > 0));
        }

        if (response["allowed"] is not JsonValue allowed || !allowed.TryGetValue<bool>(out var ok) || !ok)
        {
            throw Denied(hook.Name, response["status"] as JsonObject);
        }

        return response;
    }

    /// <summary>kube's webhookerrors.ToStatusErr: the webhook's Status, its message prefixed, a code of at least 400.</summary>
    private static ApiException Denied(string name, JsonObject? status)
    {
        var deniedBy = $"admission webhook \"{name}\" denied the request";
        var code = status?["code"] is JsonValue c && c.TryGetValue<int>(out var value) ? value : 0;
        var reason = (string?)status?["reason"] ?? string.Empty;
        var message = (string?)status?["message"] switch
        {
            { Length: > 0 } text => $"{deniedBy}: {text}",
            _ when reason.Length > 0 => $"{deniedBy}: {reason}",
            _ => $"{deniedBy} without explanation",
        };
        var details = status?["details"] as JsonObject;
        return new ApiException(Math.Max(code, 400), reason, message)
        {
            Name = (string?)details?["name"],
            Group = (string?)details?["group"],
            DetailKind = (string?)details?["kind"],
            Causes = details?["causes"] is JsonArray causes
                ? causes.OfType<JsonObject>().Select(x => new StatusCause((string?)x["reason"] ?? string.Empty, (string?)x["message"] ?? string.Empty, (string?)x["field"] ?? string.Empty)).ToArray()
                : [],
        };
    }

    /// <summary>apierrors.NewInternalError.</summary>
    private static ApiException Internal(string error) =>
        new(500, "InternalError", $"Internal error occurred: {error}") { Causes = [new StatusCause(string.Empty, error, string.Empty)] };
}
