using ElasticCompute.DevCluster.Server.Resources;

namespace ElasticCompute.DevCluster.Server.Errors;

/// <summary>
/// An error the API answers with a Status object (code, reason, message, details), worded as the real
/// API server words it so kubectl and the client print familiar messages.
/// </summary>
public sealed class ApiException(int code, string reason, string message) : Exception(message)
{
    public int Code { get; } = code;

    public string Reason { get; } = reason;

    public string? Name { get; init; }

    public string? Group { get; init; }

    /// <summary>The details' "kind": the resource (plural) for most errors, the Kind for Invalid.</summary>
    public string? DetailKind { get; init; }

    public IReadOnlyList<StatusCause> Causes { get; init; } = [];

    public int? RetryAfterSeconds { get; init; }

    public static ApiException NotFound(ResourceType type, string name) =>
        new(404, "NotFound", $"{type.QualifiedName} \"{name}\" not found") { Name = name, Group = type.Group, DetailKind = type.Plural };

    public static ApiException NamespaceNotFound(string name) =>
        new(404, "NotFound", $"namespaces \"{name}\" not found") { Name = name, Group = string.Empty, DetailKind = "namespaces" };

    public static ApiException AlreadyExists(ResourceType type, string name) =>
        new(409, "AlreadyExists", $"{type.QualifiedName} \"{name}\" already exists") { Name = name, Group = type.Group, DetailKind = type.Plural };

    public static ApiException Conflict(ResourceType type, string name, string why = "the object has been modified; please apply your changes to the latest version and try again") =>
        new(409, "Conflict", $"Operation cannot be fulfilled on {type.QualifiedName} \"{name}\": {why}") { Name = name, Group = type.Group, DetailKind = type.Plural };

    public static ApiException Invalid(ResourceType type, string name, IReadOnlyList<FieldError> causes)
    {
        var kind = type.Group.Length == 0 ? type.Kind : $"{type.Kind}.{type.Group}";
        var list = causes.Count == 1 ? causes[0].ToString() : "[" + string.Join(", ", causes) + "]";
        return new ApiException(422, "Invalid", $"{kind} \"{name}\" is invalid: {list}") { Name = name, Group = type.Group, DetailKind = type.Kind, Causes = causes.Select(StatusCause.From).ToArray() };
    }

    public static ApiException BadRequest(string message) => new(400, "BadRequest", message);

    public static ApiException Forbidden(ResourceType type, string name, string why) =>
        new(403, "Forbidden", $"{type.QualifiedName} \"{name}\" is forbidden: {why}") { Name = name, Group = type.Group, DetailKind = type.Plural };

    public static ApiException Gone(string message) => new(410, "Expired", message);

    public static ApiException MethodNotAllowed(string message) => new(405, "MethodNotAllowed", message);

    public static ApiException UnsupportedMediaType(string contentType) =>
        new(415, "UnsupportedMediaType", $"the body of the request was in an unknown format - accepted media types include: application/json, application/yaml, application/apply-patch+yaml, application/json-patch+json, application/merge-patch+json, application/strategic-merge-patch+json (got {contentType})");

    public static ApiException NotAcceptable(string message) => new(406, "NotAcceptable", message);

    public static ApiException PathNotFound() => new(404, "NotFound", "the server could not find the requested resource");
}
