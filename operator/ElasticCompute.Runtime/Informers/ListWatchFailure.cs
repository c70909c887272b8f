using ElasticCompute.Runtime.Hosting;

namespace ElasticCompute.Runtime.Informers;

/// <summary>Why a list or watch failed, in the one line an informer logs each time it backs off.</summary>
internal static class ListWatchFailure
{
    public static string Describe(ResourceKind kind, Exception failure) => failure switch
    {
        // The commonest cause by far: the CRD (ours, KubeVirt's, CDI's) is not installed, or not yet.
        ApiStatusException { Code: 404 } e => $"404 {e.Message}: {Served(kind)} is not served by this API server; is its CustomResourceDefinition installed?",
        ApiStatusException { Code: > 0 } e => $"{e.Code} {e.Message}",
        _ => ApiErrors.Describe(failure),
    };

    private static string Served(ResourceKind kind) =>
        string.IsNullOrEmpty(kind.Group) ? $"{kind.Plural} ({kind.Version})" : $"{kind.Plural}.{kind.Group} ({kind.Version})";
}
