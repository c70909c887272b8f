namespace ElasticCompute.DevCluster.Server.Patching;

/// <summary>The manager a write is recorded under.</summary>
internal static class FieldManagerNames
{
    /// <summary>
    /// <c>?fieldManager=</c> when given (kubectl sends kubectl-client-side-apply, kubectl-edit, kubectl-patch, ...);
    /// otherwise the User-Agent up to its first '/' as kube does ("kubectl/v1.32.0 (linux/amd64)" gives "kubectl"),
    /// and "unknown" without one.
    /// </summary>
    public static string Resolve(string? fieldManager, string? userAgent)
    {
        if (!string.IsNullOrEmpty(fieldManager))
        {
            return fieldManager;
        }

        var prefix = userAgent?.Split('/', 2)[0].Trim();
        return string.IsNullOrEmpty(prefix) ? "unknown" : prefix;
    }
}
