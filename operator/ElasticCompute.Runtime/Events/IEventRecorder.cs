using k8s;
using k8s.Models;

namespace ElasticCompute.Runtime.Events;

/// <summary>
/// Records events.k8s.io/v1 Events about an object. Best-effort and non-blocking: it never throws and never fails a
/// reconcile; repeats of the same (object, type, reason, note) within a window update the first Event's series.
/// </summary>
public interface IEventRecorder
{
    void Record(IKubernetesObject<V1ObjectMeta> regarding, string type, string reason, string action, string note);
}
