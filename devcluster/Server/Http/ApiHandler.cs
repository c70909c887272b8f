using System.Buffers;
using System.Globalization;
using System.IO.Pipelines;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ElasticCompute.DevCluster.Server.Discovery;
using ElasticCompute.DevCluster.Server.Errors;
using ElasticCompute.DevCluster.Server.OpenApi;
using ElasticCompute.DevCluster.Server.Patching;
using ElasticCompute.DevCluster.Server.Protobuf;
using ElasticCompute.DevCluster.Server.Registry;
using ElasticCompute.DevCluster.Server.Resources;
using ElasticCompute.DevCluster.Server.Selectors;
using ElasticCompute.DevCluster.Server.Storage;
using Microsoft.AspNetCore.Http;

namespace ElasticCompute.DevCluster.Server.Http;

/// <summary>
/// Serves the Kubernetes REST API over HTTP: discovery, OpenAPI, and get/list/watch/create/update/
/// patch/delete of every resource in the catalog, with the wire behaviour kubectl and the client expect
/// (Status errors, Table output, chunked watches flushed at once, Warning headers).
/// </summary>
public sealed class ApiHandler(ResourceRegistry registry, OpenApiDocuments openApi, ApiHandlerOptions options)
{
    private static readonly JsonWriterOptions WriterOptions = new() { SkipValidation = true };

    // A watch flushes at least this often when events queue up behind each other.
    private const long FlushBytes = 64 * 1024;

    private readonly Dictionary<(string Group, string Resource, string Subresource), SubresourceHandler> subresources = [];

    /// <summary>Serves a subresource such as virtualmachines/start or virtualmachineinstances/console.</summary>
    public void MapSubresource(string group, string resource, string subresource, SubresourceHandler handler) =>
        subresources[(group, resource, subresource)] = handler;

    public async Task HandleAsync(HttpContext context)
    {
        try
        {
            if (options.Faults is { } faults)
            {
                await faults.BeforeRequestAsync(context, context.RequestAborted).ConfigureAwait(false);
                if (context.Response.HasStarted)
                {
                    return; // the fault injector answered (its admin endpoints)
                }
            }

            await RouteAsync(context).ConfigureAwait(false);
        }
        catch (ApiException e)
        {
            await WriteErrorAsync(context, e).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away.
        }
        catch (JsonException e)
        {
            await WriteErrorAsync(context, ApiException.BadRequest($"the body of the request could not be decoded: {e.Message}")).ConfigureAwait(false);
        }
    }

    private async Task RouteAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "/";
        if (path.Length > 1 && path.EndsWith('/'))
        {
            path = path.TrimEnd('/');
        }

        switch (path)
        {
            case "/version":
                await WriteJsonAsync(context, 200, DiscoveryDocuments.Version()).ConfigureAwait(false);
                return;
            case "/healthz" or "/livez" or "/readyz":
                context.Response.ContentType = "text/plain";
                await context.Response.WriteAsync("ok", context.RequestAborted).ConfigureAwait(false);
                return;
            case "/api":
                await WriteJsonAsync(context, 200, DiscoveryDocuments.CoreVersions(context.Request.Host.Value ?? "127.0.0.1")).ConfigureAwait(false);
                return;
            case "/apis":
                await WriteJsonAsync(context, 200, DiscoveryDocuments.Groups(registry.Catalog)).ConfigureAwait(false);
                return;
            case "/openapi/v3":
                await WriteJsonAsync(context, 200, openApi.Root()).ConfigureAwait(false);
                return;
            case "/openapi/v2":
                throw ApiException.PathNotFound();
        }

        if (path.StartsWith("/openapi/v3/", StringComparison.Ordinal))
        {
            var parts = path["/openapi/v3/".Length..].Split('/');
            var document = parts switch
            {
                ["api", var v] => openApi.Document(string.Empty, v),
                ["apis", var g, var v] => openApi.Document(g, v),
                _ => null,
            };
            if (document is null)
            {
                throw ApiException.PathNotFound();
            }

            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(document, context.RequestAborted).ConfigureAwait(false);
            return;
        }

        var segments = path.Trim('/').Split('/');
        switch (segments)
        {
            case ["api", var version]:
                await WriteJsonAsync(context, 200, DiscoveryDocuments.Resources(registry.Catalog, string.Empty, version) ?? throw ApiException.PathNotFound()).ConfigureAwait(false);
                return;
            case ["apis", var group]:
                await WriteJsonAsync(context, 200, DiscoveryDocuments.Group(registry.Catalog, group) ?? throw ApiException.PathNotFound()).ConfigureAwait(false);
                return;
            case ["apis", var group, var version]:
                await WriteJsonAsync(context, 200, DiscoveryDocuments.Resources(registry.Catalog, group, version) ?? throw ApiException.PathNotFound()).ConfigureAwait(false);
                return;
        }

        var info = RequestInfo.Parse(path);
        if (info is null || info.Extra || !registry.Catalog.TryGet(info.Group, info.Version, info.Resource, out var type))
        {
            throw ApiException.PathNotFound();
        }

        if (!type.Namespaced && info.Namespace.Length > 0)
        {
            throw ApiException.PathNotFound();
        }

        if (info.Subresource is { } sub && sub != "status" && subresources.TryGetValue((type.Group, type.Plural, sub), out var handler))
        {
            await handler(context, type, info).ConfigureAwait(false);
            return;
        }

        if (type.SubresourcesOnly)
        {
            throw ApiException.PathNotFound();
        }

        await HandleResourceAsync(context, type, info).ConfigureAwait(false);
    }

    private async Task HandleResourceAsync(HttpContext context, ResourceType type, RequestInfo info)
    {
        var request = context.Request;
        var query = request.Query;
        var ns = info.Namespace;
        var method = request.Method;
        if (info.Subresource is not null && info.Subresource != "status")
        {
            throw ApiException.PathNotFound();
        }

        if (info.Name is null)
        {
            switch (method)
            {
                case "GET" when info.LegacyWatch || IsTrue(query["watch"]):
                    await WatchAsync(context, type, ns.Length > 0 ? ns : null, null).ConfigureAwait(false);
                    return;
                case "GET":
                    await ListAsync(context, type, ns.Length > 0 ? ns : null).ConfigureAwait(false);
                    return;
                case "POST":
                {
                    var body = await ReadObjectAsync(request).ConfigureAwait(false);
                    var result = await registry.CreateAsync(type, ns, body, WriteOptionsFrom(request), context.RequestAborted).ConfigureAwait(false);
                    await WriteObjectAsync(context, 201, result).ConfigureAwait(false);
                    return;
                }

                case "DELETE":
                    await DeleteCollectionAsync(context, type, ns.Length > 0 ? ns : null).ConfigureAwait(false);
                    return;
                default:
                    throw ApiException.MethodNotAllowed($"the server does not allow this method on the requested resource");
            }
        }

        var name = info.Name;
        switch (method)
        {
            case "GET" when info.LegacyWatch || IsTrue(query["watch"]):
                await WatchAsync(context, type, ns.Length > 0 ? ns : null, name).ConfigureAwait(false);
                return;
            case "GET":
            {
                var stored = registry.Get(type, ns, name);
                if (WantsTable(request))
                {
                    await WriteTableAsync(context, type, [stored], stored.Revision, null).ConfigureAwait(false);
                    return;
                }

                await WriteStoredAsync(context, 200, stored.Json).ConfigureAwait(false);
                return;
            }

            case "PUT":
            {
                var body = await ReadObjectAsync(request).ConfigureAwait(false);
                var result = await registry.UpdateAsync(type, ns, name, body, info.Subresource, WriteOptionsFrom(request), context.RequestAborted).ConfigureAwait(false);
                await WriteObjectAsync(context, 200, result).ConfigureAwait(false);
                return;
            }

            case "PATCH":
            {
                var patchType = PatchTypeFrom(type, request.ContentType);
                var body = await ReadBodyAsync(request).ConfigureAwait(false);
                var result = await registry.PatchAsync(type, ns, name, patchType, body, info.Subresource, WriteOptionsFrom(request), context.RequestAborted).ConfigureAwait(false);
                await WriteObjectAsync(context, result.Created ? 201 : 200, result).ConfigureAwait(false);
                return;
            }

            case "DELETE":
            {
                var result = await registry.DeleteAsync(type, ns, name, await DeleteOptionsFromAsync(request).ConfigureAwait(false), context.RequestAborted).ConfigureAwait(false);
                await WriteObjectAsync(context, 200, result).ConfigureAwait(false);
                return;
            }

            default:
                throw ApiException.MethodNotAllowed("the server does not allow this method on the requested resource");
        }
    }

    private async Task ListAsync(HttpContext context, ResourceType type, string? ns)
    {
        var list = registry.List(type, ns, ListOptionsFrom(context.Request));
        if (WantsTable(context.Request))
        {
            await WriteTableAsync(context, type, list.Items, list.Revision, list.Continue).ConfigureAwait(false);
            return;
        }

        await WriteListAsync(context, type, list.Items, list.Revision, list.Continue, list.RemainingItemCount).ConfigureAwait(false);
    }

    private static async Task WriteListAsync(HttpContext context, ResourceType type, IEnumerable<StoredObject> items, long revision, string? @continue, long? remainingItemCount)
    {
        context.Response.StatusCode = 200;
        context.Response.ContentType = "application/json";
        await using var w = new Utf8JsonWriter(context.Response.BodyWriter, WriterOptions);
        w.WriteStartObject();
        w.WriteString("kind", type.ListKind);
        w.WriteString("apiVersion", type.GroupVersion);
        w.WriteStartObject("metadata");
        w.WriteString("resourceVersion", revision.ToString(CultureInfo.InvariantCulture));
        if (@continue is not null)
        {
            w.WriteString("continue", @continue);
        }

        if (remainingItemCount is { } remaining)
        {
            w.WriteNumber("remainingItemCount", remaining);
        }

        w.WriteEndObject();
        w.WriteStartArray("items");
        foreach (var item in items)
        {
            w.WriteRawValue(item.Json, skipInputValidation: true);
        }

        w.WriteEndArray();
        w.WriteEndObject();
        await w.FlushAsync(context.RequestAborted).ConfigureAwait(false);
    }

    private async Task DeleteCollectionAsync(HttpContext context, ResourceType type, string? ns)
    {
        var deleteOptions = await DeleteOptionsFromAsync(context.Request).ConfigureAwait(false);
        var list = registry.List(type, ns, ListOptionsFrom(context.Request) with { Limit = null, Continue = null });
        var deleted = new List<StoredObject>();
        foreach (var item in list.Items)
        {
            try
            {
                await registry.DeleteAsync(type, item.Namespace, item.Name, deleteOptions, context.RequestAborted).ConfigureAwait(false);
                deleted.Add(item);
            }
            catch (ApiException e) when (e.Code == 404)
            {
            }
        }

        await WriteListAsync(context, type, deleted, registry.Store.Revision, null, null).ConfigureAwait(false);
    }

    private async Task WatchAsync(HttpContext context, ResourceType type, string? ns, string? name)
    {
        var request = context.Request;
        var query = request.Query;
        var labels = LabelSelector.Parse(query["labelSelector"]);
        var fields = FieldSelector.Parse(query["fieldSelector"]);
        if (name is not null)
        {
            fields = FieldSelector.Parse(string.IsNullOrEmpty(query["fieldSelector"]) ? $"metadata.name={name}" : $"{query["fieldSelector"]},metadata.name={name}");
        }

        var bookmarks = IsTrue(query["allowWatchBookmarks"]);
        var timeout = int.TryParse(query["timeoutSeconds"], out var seconds) && seconds > 0
            ? TimeSpan.FromSeconds(seconds)
            : options.MaxWatchTimeout;
        var table = WantsTable(request);
        var rvText = (string?)query["resourceVersion"];

        List<StoredObject> initial = [];
        WatchSubscription subscription;
        long lastRevision;
        try
        {
            if (string.IsNullOrEmpty(rvText) || rvText == "0")
            {
                var list = registry.List(type, ns, new ListOptions { Labels = labels, Fields = fields });
                initial = [.. list.Items];
                subscription = registry.Watch(type, ns, list.Revision);
                lastRevision = list.Revision;
            }
            else if (long.TryParse(rvText, NumberStyles.None, CultureInfo.InvariantCulture, out var after))
            {
                subscription = registry.Watch(type, ns, after);
                lastRevision = after;
            }
            else
            {
                throw ApiException.BadRequest($"invalid resource version \"{rvText}\"");
            }
        }
        catch (ApiException e) when (e.Code == 410)
        {
            // A watch that cannot start is answered with 200 and one ERROR event, as the API server does.
            await StartStreamAsync(context).ConfigureAwait(false);
            await WriteEventAsync(context, w =>
            {
                w.WriteString("type", "ERROR");
                w.WritePropertyName("object");
                StatusWriter.WriteFailure(w, e);
            }).ConfigureAwait(false);
            return;
        }

        using (subscription)
        {
            await StartStreamAsync(context).ConfigureAwait(false);

            // Raw events collect in the response's pipe and go out together: those of the initial list, and those
            // already waiting behind each other; the last one never waits.
            var unflushed = 0L;
            async ValueTask FlushAsync(bool all)
            {
                if (unflushed > 0 && (all || unflushed >= FlushBytes))
                {
                    await context.Response.BodyWriter.FlushAsync(context.RequestAborted).ConfigureAwait(false);
                    unflushed = 0;
                }
            }

            foreach (var item in initial)
            {
                unflushed += await WriteWatchEventAsync(context, type, "ADDED", item, table, registry.Time.GetUtcNow()).ConfigureAwait(false);
                await FlushAsync(all: false).ConfigureAwait(false);
            }

            await FlushAsync(all: true).ConfigureAwait(false);

            using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
            timeoutSource.CancelAfter(timeout);
            var token = timeoutSource.Token;

            // One bookmark timer per watch, pushed back by each event, made anew only after it fired.
            var bookmarkSource = CancellationTokenSource.CreateLinkedTokenSource(token);
            try
            {
                while (!token.IsCancellationRequested)
                {
                    StoreEvent? next;
                    bookmarkSource.CancelAfter(options.BookmarkInterval);
                    try
                    {
                        next = await subscription.NextAsync(bookmarkSource.Token).ConfigureAwait(false);
                        if (next is null)
                        {
                            return; // ended by the server: the client resumes from its last revision
                        }
                    }
                    catch (OperationCanceledException) when (!token.IsCancellationRequested)
                    {
                        bookmarkSource.Dispose();
                        bookmarkSource = CancellationTokenSource.CreateLinkedTokenSource(token);
                        if (bookmarks)
                        {
                            await WriteBookmarkAsync(context, type, Math.Max(lastRevision, registry.Store.Revision)).ConfigureAwait(false);
                        }

                        continue;
                    }
                    catch (OperationCanceledException)
                    {
                        break;
                    }

                    lastRevision = next.Revision;
                    var item = ResourceRegistry.View(type, next.Item);
                    var previous = next.Previous is null ? null : ResourceRegistry.View(type, next.Previous);
                    var matchesNow = next.Type != StoreEventType.Deleted && Matches(item, labels, fields);
                    var matchedBefore = previous is not null && Matches(previous, labels, fields);
                    var eventType = next.Type switch
                    {
                        StoreEventType.Added => matchesNow ? "ADDED" : null,
                        StoreEventType.Modified when matchesNow => matchedBefore ? "MODIFIED" : "ADDED",
                        StoreEventType.Modified => matchedBefore ? "DELETED" : null,
                        _ => matchedBefore || Matches(item, labels, fields) ? "DELETED" : null,
                    };
                    if (eventType is not null)
                    {
                        unflushed += await WriteWatchEventAsync(context, type, eventType, item, table, registry.Time.GetUtcNow()).ConfigureAwait(false);
                    }

                    await FlushAsync(all: !subscription.Events.TryPeek(out _)).ConfigureAwait(false);
                }
            }
            finally
            {
                bookmarkSource.Dispose();
            }

            if (bookmarks && !context.RequestAborted.IsCancellationRequested)
            {
                await WriteBookmarkAsync(context, type, Math.Max(lastRevision, registry.Store.Revision)).ConfigureAwait(false);
            }
        }
    }

    private static bool Matches(StoredObject item, LabelSelector labels, FieldSelector fields) =>
        labels.Matches(item.Labels) && fields.Matches(item.Namespace, item.Name, () => ResourceRegistry.Parse(item));

    private static async Task StartStreamAsync(HttpContext context)
    {
        context.Response.StatusCode = 200;
        context.Response.ContentType = "application/json";
        context.Response.Headers.CacheControl = "no-cache, private";
        await context.Response.StartAsync(context.RequestAborted).ConfigureAwait(false);
        await context.Response.Body.FlushAsync(context.RequestAborted).ConfigureAwait(false);
    }

    /// <summary>
    /// One watch event. A table row is written and flushed at once; an object goes into the response's pipe as it is
    /// stored, and the bytes left for the caller to flush are returned.
    /// </summary>
    private static async ValueTask<long> WriteWatchEventAsync(HttpContext context, ResourceType type, string eventType, StoredObject item, bool table, DateTimeOffset now)
    {
        if (!table)
        {
            return WriteRawEvent(context.Response.BodyWriter, eventType, item.Json);
        }

        await WriteEventAsync(context, w =>
        {
            w.WriteString("type", eventType);
            w.WritePropertyName("object");
            TableWriter.Write(w, type, [item], item.Revision, null, "Object", now);
        }).ConfigureAwait(false);
        return 0;
    }

    /// <summary>The stored JSON in its event envelope, with no writer or buffer of its own. Returns the bytes written.</summary>
    private static long WriteRawEvent(PipeWriter writer, string eventType, byte[] json)
    {
        var prefix = eventType switch
        {
            "ADDED" => "{\"type\":\"ADDED\",\"object\":"u8,
            "MODIFIED" => "{\"type\":\"MODIFIED\",\"object\":"u8,
            _ => "{\"type\":\"DELETED\",\"object\":"u8,
        };
        writer.Write(prefix);
        writer.Write(json);
        writer.Write("}\n"u8);
        return prefix.Length + json.Length + 2;
    }

    private static Task WriteBookmarkAsync(HttpContext context, ResourceType type, long revision) =>
        WriteEventAsync(context, w =>
        {
            w.WriteString("type", "BOOKMARK");
            w.WriteStartObject("object");
            w.WriteString("kind", type.Kind);
            w.WriteString("apiVersion", type.GroupVersion);
            w.WriteStartObject("metadata");
            w.WriteString("resourceVersion", revision.ToString(CultureInfo.InvariantCulture));
            w.WriteEndObject();
            w.WriteEndObject();
        });

    private static async Task WriteEventAsync(HttpContext context, Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, WriterOptions))
        {
            w.WriteStartObject();
            write(w);
            w.WriteEndObject();
        }

        buffer.WriteByte((byte)'\n');
        await context.Response.Body.WriteAsync(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), context.RequestAborted).ConfigureAwait(false);
        await context.Response.Body.FlushAsync(context.RequestAborted).ConfigureAwait(false);
    }

    private async Task WriteTableAsync(HttpContext context, ResourceType type, IEnumerable<StoredObject> items, long revision, string? @continue)
    {
        context.Response.StatusCode = 200;
        context.Response.ContentType = "application/json;as=Table;v=v1;g=meta.k8s.io";
        await using var w = new Utf8JsonWriter(context.Response.BodyWriter, WriterOptions);
        TableWriter.Write(w, type, items, revision, @continue, (string?)context.Request.Query["includeObject"] ?? "Metadata", registry.Time.GetUtcNow());
        await w.FlushAsync(context.RequestAborted).ConfigureAwait(false);
    }

    private static async Task WriteObjectAsync(HttpContext context, int code, WriteResult result)
    {
        foreach (var warning in result.Warnings.Distinct())
        {
            context.Response.Headers.Append("Warning", $"299 - \"{warning.Replace("\"", "\\\"", StringComparison.Ordinal)}\"");
        }

        if (result.StoredJson is { } json)
        {
            await WriteStoredAsync(context, code, json).ConfigureAwait(false);
            return;
        }

        await WriteJsonAsync(context, code, result.Object).ConfigureAwait(false);
    }

    /// <summary>An object as the store holds it, sent as it is.</summary>
    private static async Task WriteStoredAsync(HttpContext context, int code, byte[] json)
    {
        context.Response.StatusCode = code;
        context.Response.ContentType = "application/json";
        await context.Response.Body.WriteAsync(json, context.RequestAborted).ConfigureAwait(false);
    }

    private static async Task WriteJsonAsync(HttpContext context, int code, JsonNode node)
    {
        context.Response.StatusCode = code;
        context.Response.ContentType = "application/json";
        await using var w = new Utf8JsonWriter(context.Response.BodyWriter, WriterOptions);
        node.WriteTo(w);
        await w.FlushAsync(context.RequestAborted).ConfigureAwait(false);
    }

    private static async Task WriteErrorAsync(HttpContext context, ApiException error)
    {
        if (context.Response.HasStarted)
        {
            return;
        }

        context.Response.StatusCode = error.Code;
        context.Response.ContentType = "application/json";
        if (error.RetryAfterSeconds is { } retry)
        {
            context.Response.Headers.RetryAfter = retry.ToString(CultureInfo.InvariantCulture);
        }

        await context.Response.Body.WriteAsync(StatusWriter.Failure(error)).ConfigureAwait(false);
    }

    private static bool WantsTable(HttpRequest request) =>
        request.Headers.Accept.Any(a => a is not null && a.Contains("as=Table", StringComparison.Ordinal));

    private static bool IsTrue(string? value) => value is "true" or "1";

    private static ListOptions ListOptionsFrom(HttpRequest request)
    {
        var query = request.Query;
        return new ListOptions
        {
            Labels = LabelSelector.Parse(query["labelSelector"]),
            Fields = FieldSelector.Parse(query["fieldSelector"]),
            Limit = int.TryParse(query["limit"], out var limit) && limit > 0 ? limit : null,
            Continue = query["continue"],
        };
    }

    private static WriteOptions WriteOptionsFrom(HttpRequest request)
    {
        var query = request.Query;
        var manager = (string?)query["fieldManager"];
        if (string.IsNullOrEmpty(manager))
        {
            // As the API server does: the user agent up to the first '/'.
            var agent = request.Headers.UserAgent.ToString();
            manager = agent.Length == 0 ? "unknown" : agent.Split('/')[0];
        }

        var validation = (string?)query["fieldValidation"] switch
        {
            "Strict" => FieldValidation.Strict,
            "Ignore" => FieldValidation.Ignore,
            null or "" or "Warn" => FieldValidation.Warn,
            var other => throw ApiException.BadRequest($"fieldValidation must be one of Ignore, Warn, or Strict, got {other}"),
        };
        return new WriteOptions
        {
            DryRun = query["dryRun"] == "All",
            FieldManager = manager,
            FieldValidation = validation,
            Force = IsTrue(query["force"]),
        };
    }

    private static async Task<DeleteOptions> DeleteOptionsFromAsync(HttpRequest request)
    {
        var query = request.Query;
        var body = await ReadBodyAsync(request).ConfigureAwait(false);
        var json = body.Length > 0 ? JsonNode.Parse(body) as JsonObject : null;
        var propagation = (string?)json?["propagationPolicy"] ?? query["propagationPolicy"];
        var dryRun = query["dryRun"] == "All" || (json?["dryRun"] is JsonArray a && a.Any(x => (string?)x == "All"));
        if (json?["orphanDependents"] is JsonValue orphan && orphan.GetValue<bool>())
        {
            propagation ??= "Orphan";
        }

        return new DeleteOptions
        {
            DryRun = dryRun,
            Propagation = propagation switch
            {
                "Foreground" => PropagationPolicy.Foreground,
                "Orphan" => PropagationPolicy.Orphan,
                "Background" => PropagationPolicy.Background,
                null or "" => null,
                var other => throw ApiException.BadRequest($"propagationPolicy {other} is not supported"),
            },
            PreconditionUid = (string?)json?["preconditions"]?["uid"],
            PreconditionResourceVersion = (string?)json?["preconditions"]?["resourceVersion"],
        };
    }

    private static PatchType PatchTypeFrom(ResourceType type, string? contentType)
    {
        if (!PatchTypes.TryParse(contentType, out var patchType))
        {
            throw ApiException.UnsupportedMediaType((contentType ?? string.Empty).Split(';')[0].Trim());
        }

        if (patchType == PatchType.StrategicMergePatch && !StrategicMergePatch.IsSupported(type.Group, type.Kind))
        {
            throw new ApiException(415, "UnsupportedMediaType", "the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml");
        }

        return patchType;
    }

    private static async Task<string> ReadBodyAsync(HttpRequest request)
    {
        using var reader = new StreamReader(request.Body, Encoding.UTF8);
        return await reader.ReadToEndAsync(request.HttpContext.RequestAborted).ConfigureAwait(false);
    }

    private static async Task<JsonObject> ReadObjectAsync(HttpRequest request)
    {
        if (KubernetesProtobuf.IsProtobuf(request.ContentType))
        {
            // kubectl create namespace/secret/configmap send protobuf.
            return await KubernetesProtobuf.ReadObjectAsync(request).ConfigureAwait(false);
        }

        var body = await ReadBodyAsync(request).ConfigureAwait(false);
        var media = (request.ContentType ?? "application/json").Split(';')[0].Trim();
        var node = media is "application/yaml" or "application/x-yaml" ? YamlJson.Read(body) : JsonNode.Parse(body);
        return node as JsonObject ?? throw ApiException.BadRequest("the body of the request must be a JSON object");
    }
}
