using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ElasticCompute.DevCluster.Server.Errors;
using ElasticCompute.DevCluster.Server.Patching;
using ElasticCompute.DevCluster.Server.Resources;
using ElasticCompute.DevCluster.Server.Storage;

namespace ElasticCompute.DevCluster.Server.Registry;

/// <summary>
/// The API semantics on top of the store, for every resource: names and generateName, namespaces,
/// uid/creationTimestamp/generation, the status subresource, optimistic concurrency, structural
/// schemas, admission, finalizers and deletion. The HTTP layer and the in-process controllers both
/// write through here, so they see the same rules.
/// </summary>
public sealed class ResourceRegistry
{
    // The API server retries a patch on a storage conflict until it lands (etcd3 GuaranteedUpdate); bounded here against livelock.
    private const int PatchRetries = 100;

    private static readonly JsonSerializerOptions CompactJson = new() { WriteIndented = false };

    private readonly ObjectStore store;
    private readonly ResourceCatalog catalog;
    private readonly TimeProvider time;
    private readonly ISchemaCheck schemas;
    private readonly IPatchEngine patches;
    private IAdmission? admission;
    private readonly IReadOnlyDictionary<string, IResourceStrategy>? strategies;

    internal ResourceRegistry(
        ObjectStore store,
        ResourceCatalog catalog,
        TimeProvider time,
        ISchemaCheck schemas,
        IPatchEngine patches,
        IAdmission? admission = null,
        IReadOnlyDictionary<string, IResourceStrategy>? strategies = null)
    {
        this.store = store;
        this.catalog = catalog;
        this.time = time;
        this.schemas = schemas;
        this.patches = patches;
        this.admission = admission;
        this.strategies = strategies;
    }

    public ObjectStore Store => store;

    /// <summary>The admission chain (webhooks); installed by the admission module at start.</summary>
    public IAdmission? Admission
    {
        get => admission;
        set => admission = value;
    }

    public ResourceCatalog Catalog => catalog;

    public TimeProvider Time => time;

    public StoredObject Get(ResourceType type, string @namespace, string name) =>
        View(type, store.Get(ResourceCatalog.StorageKey(type), Ns(type, @namespace), name) ?? throw ApiException.NotFound(type, name));

    public JsonObject GetObject(ResourceType type, string @namespace, string name) => Parse(Get(type, @namespace, name));

    public ListResult List(ResourceType type, string? @namespace, ListOptions options)
    {
        var startAfter = options.Continue is { Length: > 0 } token ? DecodeContinue(token) : null;
        var (items, revision) = store.List(ResourceCatalog.StorageKey(type), type.Namespaced ? @namespace : null, startAfter);
        IEnumerable<StoredObject> selected = type.StorageConversion is null ? items : items.Select(o => View(type, o));
        if (!options.Labels.IsEmpty)
        {
            selected = selected.Where(o => options.Labels.Matches(o.Labels));
        }

        if (!options.Fields.IsEmpty)
        {
            selected = selected.Where(o => options.Fields.Matches(o.Namespace, o.Name, () => Parse(o)));
        }

        if (options.Limit is > 0 and var limit)
        {
            var page = selected.Take(limit + 1).ToList();
            if (page.Count > limit)
            {
                page.RemoveAt(limit);
                var remaining = selected.Count() - limit;
                return new ListResult(page, revision, EncodeContinue(page[^1].Key), remaining);
            }

            return new ListResult(page, revision, null, null);
        }

        return new ListResult(selected.ToList(), revision, null, null);
    }

    public async Task<WriteResult> CreateAsync(ResourceType type, string @namespace, JsonObject obj, WriteOptions options, CancellationToken cancellationToken = default)
    {
        var warnings = new List<string>();
        CheckTypeMeta(type, obj);
        var metadata = ObjectMeta.Of(obj);
        var ns = ResolveNamespace(type, @namespace, obj);
        if (metadata["resourceVersion"] is JsonValue rv && rv.ToString().Length > 0)
        {
            throw ApiException.BadRequest("resourceVersion should not be set on objects to be created");
        }

        var name = (string?)metadata["name"];
        if (string.IsNullOrEmpty(name) && metadata["generateName"] is JsonValue prefix)
        {
            name = prefix + RandomSuffix();
            metadata["name"] = name;
        }

        if (string.IsNullOrEmpty(name))
        {
            throw ApiException.Invalid(type, string.Empty, [FieldError.Required("metadata.name", "name or generateName is required")]);
        }

        ValidateName(type, name);
        if (type.Namespaced)
        {
            RequireLiveNamespace(type, ns, name);
        }

        foreach (var key in new[] { "uid", "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds", "generation", "selfLink" })
        {
            metadata.Remove(key);
        }

        if (type.IsCustom && type.HasStatus)
        {
            obj.Remove("status");
        }

        Strategy(type)?.PrepareForCreate(obj);
        warnings.AddRange(CheckSchema(type, obj, null, options));

        if (admission is not null)
        {
            var attributes = new AdmissionAttributes(type, AdmissionOperation.Create, ns, name, null, obj, null, options);
            var (mutated, mutateWarnings) = await admission.MutateAsync(attributes, cancellationToken).ConfigureAwait(false);
            warnings.AddRange(mutateWarnings);
            if (mutated is not null && !ReferenceEquals(mutated, obj))
            {
                obj = mutated;
                warnings.AddRange(CheckSchema(type, obj, null, options));
            }
        }

        Validate(type, name, Strategy(type)?.ValidateCreate(obj));

        if (admission is not null)
        {
            warnings.AddRange(await admission.ValidateAsync(new AdmissionAttributes(type, AdmissionOperation.Create, ns, name, null, obj, null, options), cancellationToken).ConfigureAwait(false));
        }

        metadata = ObjectMeta.Of(obj);
        metadata["uid"] = Guid.NewGuid().ToString();
        metadata["creationTimestamp"] = ObjectMeta.Timestamp(time.GetUtcNow());
        metadata["generation"] = 1;
        if (!options.ManagedFieldsRecorded)
        {
            obj = patches.TrackUpdate(type, null, obj, options);
        }

        if (options.DryRun)
        {
            return new WriteResult(obj, true, warnings);
        }

        try
        {
            var stored = store.Create(ResourceCatalog.StorageKey(type), ToStorage(type, obj));
            return new WriteResult(stored, type, true, warnings);
        }
        catch (StoreException e) when (e.Error == StoreError.AlreadyExists)
        {
            throw ApiException.AlreadyExists(type, name);
        }
    }

    /// <summary>PUT of the resource, or of its status subresource.</summary>
    public async Task<WriteResult> UpdateAsync(ResourceType type, string @namespace, string name, JsonObject obj, string? subresource, WriteOptions options, CancellationToken cancellationToken = default)
    {
        CheckTypeMeta(type, obj);
        var ns = Ns(type, @namespace);
        var bodyName = ObjectMeta.Name(obj);
        if (bodyName.Length > 0 && bodyName != name)
        {
            throw ApiException.BadRequest($"the name of the object ({bodyName}) does not match the name on the URL ({name})");
        }

        var current = Get(type, ns, name);
        var wanted = ObjectMeta.ResourceVersion(obj);
        if (!string.IsNullOrEmpty(wanted) && wanted != current.Revision.ToString(CultureInfo.InvariantCulture))
        {
            throw ApiException.Conflict(type, name);
        }

        return await ReplaceAsync(type, ns, name, current, Parse(current), obj, subresource, options, cancellationToken).ConfigureAwait(false);
    }

    internal async Task<WriteResult> PatchAsync(ResourceType type, string @namespace, string name, PatchType patchType, string body, string? subresource, WriteOptions options, CancellationToken cancellationToken = default)
    {
        var ns = Ns(type, @namespace);
        options = options with { ManagedFieldsRecorded = patchType == PatchType.ApplyPatch };
        for (var attempt = 0; ; attempt++)
        {
            var current = store.Get(ResourceCatalog.StorageKey(type), ns, name) is { } found ? View(type, found) : null;
            if (current is null)
            {
                if (patchType != PatchType.ApplyPatch || subresource is not null)
                {
                    throw ApiException.NotFound(type, name);
                }

                var created = patches.Apply(type, patchType, null, body, options);
                ObjectMeta.Of(created)["name"] = name;
                if (type.Namespaced)
                {
                    ObjectMeta.Of(created)["namespace"] = ns;
                }

                return await CreateAsync(type, ns, created, options, cancellationToken).ConfigureAwait(false);
            }

            var live = Parse(current);
            var patched = patches.Apply(type, patchType, live, body, options);

            // Only a resourceVersion the patch itself sets is a precondition; the one the live object carried is not.
            var wanted = ObjectMeta.ResourceVersion(patched);
            var preconditioned = !string.IsNullOrEmpty(wanted) && wanted != ObjectMeta.ResourceVersion(live);
            if (preconditioned)
            {
                throw ApiException.Conflict(type, name);
            }

            try
            {
                // The patch engines copy what they change, so the parsed live object serves as the old one.
                return await ReplaceAsync(type, ns, name, current, live, patched, subresource, options, cancellationToken).ConfigureAwait(false);
            }
            catch (ApiException e) when (e.Reason == "Conflict" && attempt < PatchRetries)
            {
                // Someone wrote in between: the patch is re-applied to the newer object, as the API server does.
            }
        }
    }

    public async Task<WriteResult> DeleteAsync(ResourceType type, string @namespace, string name, DeleteOptions options, CancellationToken cancellationToken = default)
    {
        var ns = Ns(type, @namespace);
        var current = Get(type, ns, name);
        var obj = Parse(current);
        if (options.PreconditionUid is { } uid && uid != ObjectMeta.Uid(obj))
        {
            throw ApiException.Conflict(type, name, $"Precondition failed: UID in precondition: {uid}, UID in object meta: {ObjectMeta.Uid(obj)}");
        }

        if (options.PreconditionResourceVersion is { } rv && rv != ObjectMeta.ResourceVersion(obj))
        {
            throw ApiException.Conflict(type, name, $"Precondition failed: ResourceVersion in precondition: {rv}, ResourceVersion in object meta: {ObjectMeta.ResourceVersion(obj)}");
        }

        IReadOnlyList<string> warnings = [];
        if (admission is not null)
        {
            warnings = await admission.ValidateAsync(new AdmissionAttributes(type, AdmissionOperation.Delete, ns, name, null, null, obj, new WriteOptions { DryRun = options.DryRun }), cancellationToken).ConfigureAwait(false);
        }

        var finalizers = ObjectMeta.Finalizers(obj);
        var propagation = options.Propagation ?? PropagationPolicy.Background;
        if (propagation == PropagationPolicy.Foreground && !finalizers.Contains(Finalizers.Foreground))
        {
            finalizers.Add(Finalizers.Foreground);
        }
        else if (propagation == PropagationPolicy.Orphan && !finalizers.Contains(Finalizers.Orphan))
        {
            finalizers.Add(Finalizers.Orphan);
        }

        var blocking = finalizers.Count > 0 || HasSpecFinalizers(type, obj);
        if (blocking)
        {
            if (ObjectMeta.IsDeleting(obj) && finalizers.SequenceEqual(ObjectMeta.Finalizers(obj)))
            {
                return new WriteResult(obj, false, warnings);
            }

            ObjectMeta.SetFinalizers(obj, finalizers);
            var metadata = ObjectMeta.Of(obj);
            metadata["deletionTimestamp"] ??= ObjectMeta.Timestamp(time.GetUtcNow());
            metadata["deletionGracePeriodSeconds"] ??= 0;
            Strategy(type)?.PrepareForUpdate(obj, Parse(current));
            if (options.DryRun)
            {
                return new WriteResult(obj, false, warnings);
            }

            try
            {
                return new WriteResult(store.Update(ResourceCatalog.StorageKey(type), ToStorage(type, obj), current.Revision), type, false, warnings);
            }
            catch (StoreException e) when (e.Error == StoreError.Conflict)
            {
                return await DeleteAsync(type, ns, name, options, cancellationToken).ConfigureAwait(false);
            }
        }

        if (options.DryRun)
        {
            return new WriteResult(obj, false, warnings) { Removed = true };
        }

        try
        {
            var deleted = store.Delete(ResourceCatalog.StorageKey(type), ns, name, current.Revision);
            return new WriteResult(deleted, type, false, warnings) { Removed = true };
        }
        catch (StoreException e) when (e.Error == StoreError.NotFound)
        {
            throw ApiException.NotFound(type, name);
        }
        catch (StoreException e) when (e.Error == StoreError.Conflict)
        {
            return await DeleteAsync(type, ns, name, options, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Watches a resource after a revision (null: from now).</summary>
    public WatchSubscription Watch(ResourceType type, string? @namespace, long? afterRevision)
    {
        try
        {
            return store.Watch(ResourceCatalog.StorageKey(type), type.Namespaced ? @namespace : null, afterRevision);
        }
        catch (StoreException e) when (e.Error == StoreError.Gone)
        {
            throw ApiException.Gone(e.Message);
        }
    }

    public static JsonObject Parse(StoredObject stored) => JsonNode.Parse(stored.Json)!.AsObject();

    /// <summary>
    /// A stored object in the shape of <paramref name="type"/>: itself, unless the type is a view of another
    /// resource's table (events.k8s.io Events of core Events), whose objects are converted on the way out.
    /// </summary>
    public static StoredObject View(ResourceType type, StoredObject stored) =>
        type.StorageConversion is { } conversion
            ? stored with { Json = JsonSerializer.SerializeToUtf8Bytes(conversion.FromStorage(Parse(stored)), CompactJson) }
            : stored;

    /// <summary>An object of <paramref name="type"/> in the shape its table stores.</summary>
    private static JsonObject ToStorage(ResourceType type, JsonObject obj) =>
        type.StorageConversion is { } conversion ? conversion.ToStorage(obj) : obj;

    /// <summary>Replaces <paramref name="current"/> (parsed as <paramref name="old"/>, which this leaves unchanged) with <paramref name="obj"/>.</summary>
    private async Task<WriteResult> ReplaceAsync(ResourceType type, string ns, string name, StoredObject current, JsonObject old, JsonObject obj, string? subresource, WriteOptions options, CancellationToken cancellationToken)
    {
        var warnings = new List<string>();
        JsonObject updated;
        if (subresource == "status")
        {
            if (!type.HasStatus)
            {
                throw ApiException.PathNotFound();
            }

            // Writes to /status change status only; everything else stays as it is.
            updated = (JsonObject)old.DeepClone();
            if (obj["status"] is { } status)
            {
                updated["status"] = status.DeepClone();
            }
            else
            {
                updated.Remove("status");
            }
        }
        else if (subresource is not null)
        {
            throw ApiException.PathNotFound();
        }
        else
        {
            updated = obj;
            if (type.HasStatus)
            {
                if (old["status"] is { } status)
                {
                    updated["status"] = status.DeepClone();
                }
                else
                {
                    updated.Remove("status");
                }
            }
        }

        updated["apiVersion"] = type.GroupVersion;
        updated["kind"] = type.Kind;
        var metadata = ObjectMeta.Of(updated);
        var oldMetadata = ObjectMeta.Of(old);
        foreach (var key in new[] { "name", "namespace", "uid", "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds", "generation", "generateName" })
        {
            if (oldMetadata[key] is { } value)
            {
                metadata[key] = value.DeepClone();
            }
            else
            {
                metadata.Remove(key);
            }
        }

        metadata.Remove("resourceVersion");
        if (SpecChanged(type, old, updated))
        {
            metadata["generation"] = ObjectMeta.Generation(old) + 1;
        }

        Strategy(type)?.PrepareForUpdate(updated, old);
        warnings.AddRange(CheckSchema(type, updated, old, options));

        if (admission is not null)
        {
            var attributes = new AdmissionAttributes(type, AdmissionOperation.Update, ns, name, subresource, updated, old, options);
            var (mutated, mutateWarnings) = await admission.MutateAsync(attributes, cancellationToken).ConfigureAwait(false);
            warnings.AddRange(mutateWarnings);
            if (mutated is not null && !ReferenceEquals(mutated, updated))
            {
                updated = mutated;
                warnings.AddRange(CheckSchema(type, updated, old, options));
            }
        }

        Validate(type, name, Strategy(type)?.ValidateUpdate(updated, old));
        if (admission is not null)
        {
            warnings.AddRange(await admission.ValidateAsync(new AdmissionAttributes(type, AdmissionOperation.Update, ns, name, subresource, updated, old, options), cancellationToken).ConfigureAwait(false));
        }

        if (!options.ManagedFieldsRecorded)
        {
            updated = patches.TrackUpdate(type, old, updated, options);
        }
        var table = ResourceCatalog.StorageKey(type);

        // The last finalizer removed from an object being deleted deletes it.
        if (ObjectMeta.IsDeleting(updated) && ObjectMeta.Finalizers(updated).Count == 0 && !HasSpecFinalizers(type, updated))
        {
            if (options.DryRun)
            {
                return new WriteResult(updated, false, warnings) { Removed = true };
            }

            try
            {
                var deleted = store.Delete(table, ns, name, current.Revision);
                return new WriteResult(deleted, type, false, warnings) { Removed = true };
            }
            catch (StoreException e) when (e.Error is StoreError.Conflict or StoreError.NotFound)
            {
                throw ApiException.Conflict(type, name);
            }
        }

        if (options.DryRun)
        {
            return new WriteResult(updated, false, warnings);
        }

        try
        {
            return new WriteResult(store.Update(table, ToStorage(type, updated), current.Revision), type, false, warnings);
        }
        catch (StoreException e) when (e.Error == StoreError.Conflict)
        {
            throw ApiException.Conflict(type, name);
        }
        catch (StoreException e) when (e.Error == StoreError.NotFound)
        {
            throw ApiException.NotFound(type, name);
        }
    }

    /// <summary>Generation counts changes to what the object asks for: anything but metadata and (with a status subresource) status.</summary>
    private static bool SpecChanged(ResourceType type, JsonObject old, JsonObject updated)
    {
        static IEnumerable<string> Keys(JsonObject o, bool hasStatus) =>
            o.Select(kv => kv.Key).Where(k => k is not ("metadata" or "apiVersion" or "kind") && !(hasStatus && k == "status"));

        var keys = Keys(old, type.HasStatus).Union(Keys(updated, type.HasStatus));
        return keys.Any(k => !JsonNode.DeepEquals(old[k], updated[k]));
    }

    private string[] CheckSchema(ResourceType type, JsonObject obj, JsonObject? old, WriteOptions options)
    {
        var outcome = schemas.Check(type, obj, old);
        if (outcome.UnknownFields.Count > 0 && options.FieldValidation == FieldValidation.Strict)
        {
            var fields = outcome.UnknownFields.Select(f => $"unknown field \"{f}\"");
            throw ApiException.BadRequest("strict decoding error: " + string.Join(", ", fields));
        }

        Validate(type, ObjectMeta.Name(obj), outcome.Errors);
        return options.FieldValidation == FieldValidation.Warn
            ? outcome.UnknownFields.Select(f => $"unknown field \"{f}\"").ToArray()
            : [];
    }

    private static void Validate(ResourceType type, string name, IEnumerable<FieldError>? errors)
    {
        var list = errors?.ToList();
        if (list is { Count: > 0 })
        {
            throw ApiException.Invalid(type, name, list);
        }
    }

    private IResourceStrategy? Strategy(ResourceType type) =>
        strategies is not null && strategies.TryGetValue(type.GroupResource, out var s) ? s : null;

    private static bool HasSpecFinalizers(ResourceType type, JsonObject obj) =>
        type.Group.Length == 0 && type.Plural == "namespaces" && obj["spec"]?["finalizers"] is JsonArray { Count: > 0 };

    private static void CheckTypeMeta(ResourceType type, JsonObject obj)
    {
        var apiVersion = (string?)obj["apiVersion"];
        var kind = (string?)obj["kind"];
        if ((apiVersion is not null && apiVersion != type.GroupVersion) || (kind is not null && kind != type.Kind))
        {
            throw ApiException.BadRequest($"the API version in the data ({apiVersion}) does not match the expected API version ({type.GroupVersion})");
        }

        obj["apiVersion"] = type.GroupVersion;
        obj["kind"] = type.Kind;
    }

    private static string ResolveNamespace(ResourceType type, string urlNamespace, JsonObject obj)
    {
        var metadata = ObjectMeta.Of(obj);
        if (!type.Namespaced)
        {
            metadata.Remove("namespace");
            return string.Empty;
        }

        var bodyNamespace = (string?)metadata["namespace"];
        if (!string.IsNullOrEmpty(bodyNamespace) && bodyNamespace != urlNamespace)
        {
            throw ApiException.BadRequest("the namespace of the provided object does not match the namespace sent on the request");
        }

        metadata["namespace"] = urlNamespace;
        return urlNamespace;
    }

    private void RequireLiveNamespace(ResourceType type, string ns, string name)
    {
        var stored = store.Get("namespaces", string.Empty, ns) ?? throw ApiException.NamespaceNotFound(ns);
        if (Encoding.UTF8.GetString(stored.Json).Contains("\"deletionTimestamp\"", StringComparison.Ordinal))
        {
            throw ApiException.Forbidden(type, name, $"unable to create new content in namespace {ns} because it is being terminated");
        }
    }

    private static void ValidateName(ResourceType type, string name)
    {
        var error = type.LabelNames ? NameRules.LabelError(name) : NameRules.SubdomainError(name);
        if (error is not null)
        {
            throw ApiException.Invalid(type, name, [FieldError.Invalid("metadata.name", JsonValue.Create(name), error)]);
        }
    }

    private static string Ns(ResourceType type, string @namespace) => type.Namespaced ? @namespace : string.Empty;

    private static string RandomSuffix()
    {
        const string alphabet = "bcdfghjklmnpqrstvwxz2456789";
        return string.Create(5, 0, (span, _) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = alphabet[Random.Shared.Next(alphabet.Length)];
            }
        });
    }

    private static string EncodeContinue(string key) => Convert.ToBase64String(Encoding.UTF8.GetBytes(key));

    private static string DecodeContinue(string token)
    {
        try
        {
            return Encoding.UTF8.GetString(Convert.FromBase64String(token));
        }
        catch (FormatException)
        {
            throw ApiException.BadRequest("continue key is not valid: illegal base64 data");
        }
    }
}
