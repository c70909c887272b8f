using k8s;

namespace ElasticCompute.Portal.Cluster;

/// <param name="Portal">The portal's own identity: its Secrets, the policy, tenants.</param>
/// <param name="User">
/// The signed-in user's requests (machines, their events, the console): impersonating the user when configured, else
/// <paramref name="Portal"/>.
/// </param>
internal sealed record ClusterClients(IKubernetes Portal, StreamingKubernetes User)
{
    /// <summary>True when the user's requests carry impersonation headers, so RBAC judges them.</summary>
    public bool Impersonating => !ReferenceEquals(Portal, User);
}
