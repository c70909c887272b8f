using k8s;
using k8s.Models;

namespace ElasticCompute.Runtime.Controllers;

/// <summary>
/// Drives one object towards its spec. Return a result, throw to be retried with back-off, or throw
/// <see cref="TerminalReconcileException"/> to stop retrying. Never called twice at once for one object.
/// </summary>
public interface IReconciler<T>
    where T : class, IKubernetesObject<V1ObjectMeta>
{
    Task<ReconcileResult> ReconcileAsync(ReconcileRequest request, CancellationToken cancellationToken);
}
