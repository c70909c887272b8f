using ElasticCompute.DevCluster.Server.Http;
using Microsoft.AspNetCore.Http;

namespace ElasticCompute.DevCluster.Server.Faults;

/// <summary>What a request does, as kube's RequestInfo names it: the verb and the resource it acts on.</summary>
internal sealed record FaultTarget(string Verb, string? Group, string? Resource, string? Subresource, string? Name)
{
    public static FaultTarget From(HttpRequest request)
    {
        var path = request.Path.Value ?? "/";
        var info = RequestInfo.Parse(path);
        if (info is null)
        {
            // Discovery, OpenAPI, /version: a non-resource request; its verb is the method.
            return new FaultTarget(request.Method.ToLowerInvariant(), null, null, null, null);
        }

        var watch = info.LegacyWatch || request.Query["watch"] is var w && ((string?)w is "true" or "1");
        var verb = request.Method switch
        {
            "GET" when watch => "watch",
            "GET" => info.Name is null ? "list" : "get",
            "POST" => "create",
            "PUT" => "update",
            "PATCH" => "patch",
            "DELETE" => info.Name is null ? "deletecollection" : "delete",
            var other => other.ToLowerInvariant(),
        };
        return new FaultTarget(verb, info.Group, info.Resource, info.Subresource, info.Name);
    }

    /// <summary>The resource as errors name it: plural, or plural.group.</summary>
    public string QualifiedResource => string.IsNullOrEmpty(Group) ? Resource ?? string.Empty : $"{Resource}.{Group}";
}
