using System.Globalization;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;

namespace ElasticCompute.Runtime.Events;

internal sealed class KubernetesEventSink(IKubernetes client) : IEventSink
{
    public Task CreateAsync(Eventsv1Event item, CancellationToken cancellationToken) =>
        client.EventsV1.CreateNamespacedEventAsync(item, item.Metadata.NamespaceProperty, cancellationToken: cancellationToken);

    public Task UpdateSeriesAsync(string ns, string name, Eventsv1EventSeries series, CancellationToken cancellationToken)
    {
        var patch = new JsonObject
        {
            ["series"] = new JsonObject
            {
                ["count"] = series.Count,
                ["lastObservedTime"] = series.LastObservedTime.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture),
            },
        };
        return client.EventsV1.PatchNamespacedEventAsync(new V1Patch(patch.ToJsonString(), V1Patch.PatchType.MergePatch), name, ns, cancellationToken: cancellationToken);
    }
}
