using k8s;
using k8s.Models;

namespace ElasticCompute.Runtime.Events;

public static class EventRecorderExtensions
{
    public static void Normal(this IEventRecorder recorder, IKubernetesObject<V1ObjectMeta> regarding, string reason, string action, string note)
    {
        ArgumentNullException.ThrowIfNull(recorder);
        recorder.Record(regarding, EventTypes.Normal, reason, action, note);
    }

    public static void Warning(this IEventRecorder recorder, IKubernetesObject<V1ObjectMeta> regarding, string reason, string action, string note)
    {
        ArgumentNullException.ThrowIfNull(recorder);
        recorder.Record(regarding, EventTypes.Warning, reason, action, note);
    }
}
