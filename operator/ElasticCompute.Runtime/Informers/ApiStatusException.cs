using k8s.Models;

namespace ElasticCompute.Runtime.Informers;

/// <summary>An API error from a list or watch, with its HTTP code and Status (when the server sent one).</summary>
public sealed class ApiStatusException : Exception
{
    public ApiStatusException()
    {
    }

    public ApiStatusException(string message)
        : base(message)
    {
    }

    public ApiStatusException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public ApiStatusException(int code, V1Status? status, string? message = null)
        : base(message ?? status?.Message ?? $"the API answered {code}")
    {
        Code = code;
        Status = status;
    }

    public int Code { get; }

    public V1Status? Status { get; }

    /// <summary>410 Gone: the resourceVersion (or continue token) is too old; relist.</summary>
    public bool IsGone => Code == 410;
}
