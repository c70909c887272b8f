using k8s.Models;

namespace ElasticCompute.Runtime.Events;

/// <summary>Where events are written; a seam for tests.</summary>
internal interface IEventSink
{
    Task CreateAsync(Eventsv1Event item, CancellationToken cancellationToken);

    Task UpdateSeriesAsync(string ns, string name, Eventsv1EventSeries series, CancellationToken cancellationToken);
}
