using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using ElasticCompute.DevCluster.Server.Errors;
using ElasticCompute.DevCluster.Server.Storage;
using Microsoft.AspNetCore.Http;

namespace ElasticCompute.DevCluster.Server.Faults;

/// <summary>
/// Faults for tests: fail or delay the next matching requests, end every open watch, forget the watch
/// history. Off until a fault is added; bounded so a test cannot wedge the server (counts, delays and
/// durations are capped). Also serves /admin/faults so tests in another process can drive it.
/// </summary>
/// <remarks>
/// Give it to the server through <c>ApiHandlerOptions.Faults</c>; <see cref="Attach"/> it to the store
/// for <see cref="DropWatches"/> and <see cref="CompactHistory"/>.
/// </remarks>
public sealed class FaultInjector(TimeProvider? time = null) : IFaultInjector
{
    public const string AdminPath = "/admin/faults";

    public const int MaxCount = 1000;

    public const int MaxRules = 100;

    public static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(30);

    public static readonly TimeSpan MaxDuration = TimeSpan.FromMinutes(10);

    private static readonly int[] FailureCodes = [409, 429, 500, 503];

    private static readonly string[] Verbs = ["get", "list", "watch", "create", "update", "patch", "delete", "deletecollection"];

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };

    private readonly TimeProvider time = time ?? TimeProvider.System;
    private readonly Lock gate = new();
    private readonly List<FaultRule> rules = [];
    private ObjectStore? store;
    private long nextId;
    private int delayed;

    /// <summary>Requests being held by a delay right now (lets a test see a delay take hold without sleeping).</summary>
    public int DelayedRequests => Volatile.Read(ref delayed);

    public IReadOnlyList<FaultRule> Active
    {
        get
        {
            lock (gate)
            {
                Prune();
                return [.. rules];
            }
        }
    }

    /// <summary>The store whose watches and history the faults act on.</summary>
    public void Attach(ObjectStore store)
    {
        lock (gate)
        {
            this.store = store;
        }
    }

    /// <summary>Fails the next <paramref name="count"/> matching requests with a Status of <paramref name="statusCode"/> (409, 429, 500, 503).</summary>
    /// <param name="verb">get, list, watch, create, update, patch, delete, deletecollection; null for any.</param>
    /// <param name="resource">plural, plural.group, optionally /subresource (then only that subresource); null for any request.</param>
    public FaultRule FailNext(int count, string? verb, string? resource, int statusCode)
    {
        if (!FailureCodes.Contains(statusCode))
        {
            throw new ArgumentOutOfRangeException(nameof(statusCode), statusCode, "a fault fails with 409, 429, 500 or 503");
        }

        return Add("fail", CheckCount(count), null, verb, resource, statusCode, null);
    }

    /// <summary>Holds matching requests for <paramref name="delay"/>: the next <paramref name="count"/> of them, or all of them for <paramref name="duration"/>.</summary>
    public FaultRule Delay(TimeSpan delay, int? count = null, TimeSpan? duration = null, string? verb = null, string? resource = null)
    {
        if (delay <= TimeSpan.Zero || delay > MaxDelay)
        {
            throw new ArgumentOutOfRangeException(nameof(delay), delay, $"a delay is between 0 and {MaxDelay.TotalSeconds} seconds");
        }

        if (count is null == duration is null)
        {
            throw new ArgumentException("give a delay either a count or a duration");
        }

        if (duration is { } d && (d <= TimeSpan.Zero || d > MaxDuration))
        {
            throw new ArgumentOutOfRangeException(nameof(duration), d, $"a delay lasts between 0 and {MaxDuration.TotalMinutes} minutes");
        }

        return Add("delay", count is { } c ? CheckCount(c) : null, duration, verb, resource, null, (int)delay.TotalMilliseconds);
    }

    /// <summary>Ends every open watch, as an API server restart would; clients resume from their last resourceVersion.</summary>
    public int DropWatches() => Store().EndAllWatches("dropped by a fault");

    /// <summary>Forgets the watch history: a watch from an older resourceVersion gets 410 Gone.</summary>
    public long CompactHistory()
    {
        var s = Store();
        s.Compact();
        return s.CompactedRevision;
    }

    /// <summary>Removes every fault (delays already holding a request still finish).</summary>
    public void Reset()
    {
        lock (gate)
        {
            rules.Clear();
        }
    }

    public async ValueTask BeforeRequestAsync(HttpContext context, CancellationToken cancellationToken)
    {
        var path = context.Request.Path.Value ?? "/";
        if (path.Equals(AdminPath, StringComparison.Ordinal) || path.StartsWith(AdminPath + "/", StringComparison.Ordinal))
        {
            await ServeAdminAsync(context, path.TrimEnd('/'), cancellationToken).ConfigureAwait(false);
            return;
        }

        FaultRule? delay, fail;
        FaultTarget target;
        lock (gate)
        {
            if (rules.Count == 0)
            {
                return;
            }

            target = FaultTarget.From(context.Request);
            Prune();
            delay = Take(r => r.Kind == "delay" && Matches(r, target));
            fail = Take(r => r.Kind == "fail" && Matches(r, target));
        }

        if (delay?.DelayMilliseconds is { } ms)
        {
            Interlocked.Increment(ref delayed);
            try
            {
                await Task.Delay(TimeSpan.FromMilliseconds(ms), time, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                Interlocked.Decrement(ref delayed);
            }
        }

        if (fail?.StatusCode is { } code)
        {
            throw Failure(code, target);
        }
    }

    /// <summary>The Status the API server answers with for each failure code, worded as it words them.</summary>
    internal static ApiException Failure(int code, FaultTarget target) => code switch
    {
        409 => new ApiException(409, "Conflict", $"Operation cannot be fulfilled on {target.QualifiedResource} \"{target.Name}\": the object has been modified; please apply your changes to the latest version and try again")
        {
            Name = target.Name,
            Group = target.Group,
            DetailKind = target.Resource,
        },
        429 => new ApiException(429, "TooManyRequests", "Too many requests, please try again later.") { RetryAfterSeconds = 1 },
        500 => new ApiException(500, "InternalError", "Internal error occurred: injected fault"),
        _ => new ApiException(503, "ServiceUnavailable", "the server is currently unable to handle the request"),
    };

    private FaultRule Add(string kind, int? count, TimeSpan? duration, string? verb, string? resource, int? statusCode, int? delayMilliseconds)
    {
        verb = string.IsNullOrEmpty(verb) ? null : verb.ToLowerInvariant();
        if (verb is not null && !Verbs.Contains(verb))
        {
            throw new ArgumentException($"unknown verb {verb}: use one of {string.Join(", ", Verbs)}", nameof(verb));
        }

        resource = string.IsNullOrEmpty(resource) ? null : resource;
        lock (gate)
        {
            Prune();
            if (rules.Count >= MaxRules)
            {
                throw new InvalidOperationException($"at most {MaxRules} faults at a time");
            }

            var rule = new FaultRule(++nextId, kind, verb, resource, statusCode, delayMilliseconds, count, duration is { } d ? time.GetUtcNow() + d : null);
            rules.Add(rule);
            return rule;
        }
    }

    private static int CheckCount(int count) =>
        count is >= 1 and <= MaxCount ? count : throw new ArgumentOutOfRangeException(nameof(count), count, $"a fault hits between 1 and {MaxCount} requests");

    /// <summary>Uses up one hit of the first rule that matches (called under the lock).</summary>
    private FaultRule? Take(Func<FaultRule, bool> match)
    {
        var index = rules.FindIndex(r => match(r));
        if (index < 0)
        {
            return null;
        }

        var rule = rules[index];
        if (rule.Remaining is { } remaining)
        {
            if (remaining <= 1)
            {
                rules.RemoveAt(index);
            }
            else
            {
                rules[index] = rule with { Remaining = remaining - 1 };
            }
        }

        return rule;
    }

    private void Prune()
    {
        var now = time.GetUtcNow();
        rules.RemoveAll(r => r.Until is { } until && until <= now);
    }

    private static bool Matches(FaultRule rule, FaultTarget target)
    {
        if (rule.Verb is not null && rule.Verb != target.Verb)
        {
            return false;
        }

        if (rule.Resource is null)
        {
            return true;
        }

        if (target.Resource is null)
        {
            return false;
        }

        // As RBAC reads it: "pods" is not "pods/status"; "deployments" is any group's, "deployments.apps" that group's.
        var (resource, subresource) = rule.Resource.IndexOf('/', StringComparison.Ordinal) is var slash and >= 0
            ? (rule.Resource[..slash], rule.Resource[(slash + 1)..])
            : (rule.Resource, null);
        if (subresource != target.Subresource)
        {
            return false;
        }

        var dot = resource.IndexOf('.', StringComparison.Ordinal);
        return dot < 0
            ? resource == target.Resource
            : resource[..dot] == target.Resource && resource[(dot + 1)..] == (target.Group ?? string.Empty);
    }

    private ObjectStore Store()
    {
        lock (gate)
        {
            return store ?? throw new InvalidOperationException("the fault injector is not attached to a store (FaultInjector.Attach)");
        }
    }

    private async Task ServeAdminAsync(HttpContext context, string path, CancellationToken cancellationToken)
    {
        var method = context.Request.Method;
        JsonNode result;
        var code = 200;
        try
        {
            switch (path[AdminPath.Length..], method)
            {
                case ("", "GET"):
                    result = List();
                    break;
                case ("", "POST"):
                {
                    var spec = await JsonSerializer.DeserializeAsync<FaultSpec>(context.Request.Body, Json, cancellationToken).ConfigureAwait(false)
                        ?? throw ApiException.BadRequest("a fault is a JSON object");
                    result = JsonSerializer.SerializeToNode(AddFromSpec(spec), Json)!;
                    code = 201;
                    break;
                }

                case ("", "DELETE"):
                    Reset();
                    result = List();
                    break;
                case ("/drop-watches", "POST"):
                    result = new JsonObject { ["dropped"] = DropWatches() };
                    break;
                case ("/compact", "POST"):
                    result = new JsonObject { ["compactedRevision"] = CompactHistory().ToString(CultureInfo.InvariantCulture) };
                    break;
                case ("" or "/drop-watches" or "/compact", _):
                    throw ApiException.MethodNotAllowed("the server does not allow this method on the requested resource");
                default:
                    throw ApiException.PathNotFound();
            }
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or JsonException)
        {
            throw ApiException.BadRequest(e.Message);
        }

        context.Response.StatusCode = code;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(result.ToJsonString(Json), cancellationToken).ConfigureAwait(false);
        await context.Response.CompleteAsync().ConfigureAwait(false);

        // The response is complete; ApiHandler answers an ApiException only while nothing has been sent,
        // so this stops the request here without routing it.
        throw new ApiException(200, "Handled", "answered by the fault injector");
    }

    private JsonObject List() => new()
    {
        ["faults"] = JsonSerializer.SerializeToNode(Active, Json),
        ["delayedRequests"] = DelayedRequests,
    };

    private FaultRule AddFromSpec(FaultSpec spec) => spec.Type switch
    {
        "fail" => FailNext(spec.Count ?? 1, spec.Verb, spec.Resource, spec.StatusCode ?? throw new ArgumentException("a failure needs a statusCode")),
        "delay" => Delay(
            TimeSpan.FromMilliseconds(spec.DelayMilliseconds ?? throw new ArgumentException("a delay needs delayMilliseconds")),
            spec.Count,
            spec.DurationSeconds is { } s ? TimeSpan.FromSeconds(s) : null,
            spec.Verb,
            spec.Resource),
        var other => throw new ArgumentException($"unknown fault type {other}: use fail or delay"),
    };
}
