using ElasticCompute.Runtime.Events;
using k8s.Models;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Moq;

namespace ElasticCompute.Runtime.Tests.Events;

public sealed class EventRecorderTests
{
    private readonly FakeTimeProvider time = new(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero));
    private readonly Mock<IEventSink> sink = new();
    private readonly List<Eventsv1Event> created = [];
    private readonly List<(string Ns, string Name, Eventsv1EventSeries Series)> updated = [];

    public EventRecorderTests()
    {
        sink.Setup(s => s.CreateAsync(It.IsAny<Eventsv1Event>(), It.IsAny<CancellationToken>()))
            .Callback<Eventsv1Event, CancellationToken>((e, _) => created.Add(e)).Returns(Task.CompletedTask);
        sink.Setup(s => s.UpdateSeriesAsync(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<Eventsv1EventSeries>(), It.IsAny<CancellationToken>()))
            .Callback<string, string, Eventsv1EventSeries, CancellationToken>((ns, name, series, _) => updated.Add((ns, name, series)))
            .Returns(Task.CompletedTask);
    }

    [Fact]
    public async Task The_same_event_within_the_window_updates_the_series_instead_of_creating_another()
    {
        var recorder = new EventRecorder(sink.Object, "machines", "pod-1", time, NullLogger.Instance);
        var pod = Pod();
        await recorder.WriteAsync(Pending(pod, "Scheduled", "placed on node-1"), default);
        time.Advance(TimeSpan.FromMinutes(1));
        await recorder.WriteAsync(Pending(pod, "Scheduled", "placed on node-1"), default);
        time.Advance(TimeSpan.FromMinutes(1));
        await recorder.WriteAsync(Pending(pod, "Scheduled", "placed on node-1"), default);
        await recorder.WriteAsync(Pending(pod, "Scheduled", "placed on node-2"), default); // another note: another event

        Assert.Equal(2, created.Count);
        var first = created[0];
        Assert.Equal("ns", first.Metadata.NamespaceProperty);
        Assert.StartsWith("p.", first.Metadata.Name, StringComparison.Ordinal);
        Assert.Equal("Pod", first.Regarding.Kind);
        Assert.Equal("uid-p", first.Regarding.Uid);
        Assert.Equal(("Normal", "Scheduled", "Place", "placed on node-1"), (first.Type, first.Reason, first.Action, first.Note));
        Assert.Equal(("machines", "pod-1"), (first.ReportingController, first.ReportingInstance));
        Assert.NotNull(first.EventTime);

        Assert.Equal(2, updated.Count);
        Assert.All(updated, u => Assert.Equal(first.Metadata.Name, u.Name));
        Assert.Equal([2, 3], updated.Select(u => u.Series.Count));
        Assert.Equal(time.GetUtcNow().UtcDateTime, updated[^1].Series.LastObservedTime);
    }

    [Fact]
    public async Task After_the_window_a_new_event_is_created()
    {
        var recorder = new EventRecorder(sink.Object, "machines", "pod-1", time, NullLogger.Instance);
        await recorder.WriteAsync(Pending(Pod(), "Scheduled", "x"), default);
        time.Advance(TimeSpan.FromMinutes(7));
        await recorder.WriteAsync(Pending(Pod(), "Scheduled", "x"), default);
        Assert.Equal(2, created.Count);
        Assert.Empty(updated);
    }

    [Fact]
    public async Task A_failing_api_never_throws_to_the_caller()
    {
        sink.Setup(s => s.CreateAsync(It.IsAny<Eventsv1Event>(), It.IsAny<CancellationToken>())).ThrowsAsync(new HttpRequestException("down"));
        var recorder = new EventRecorder(sink.Object, "machines", "pod-1", time, NullLogger.Instance);
        await recorder.WriteAsync(Pending(Pod(), "Scheduled", "x"), default);
        recorder.Record(Pod(), EventTypes.Warning, "Failed", "Place", "y"); // queued, never throws
        await recorder.WriteAsync(Pending(Pod(), "Scheduled", "x"), default);
        sink.Verify(s => s.CreateAsync(It.IsAny<Eventsv1Event>(), It.IsAny<CancellationToken>()), Times.Exactly(2)); // not aggregated into a lost event
    }

    [Fact]
    public async Task Remembered_series_stay_bounded_and_the_most_recent_keep_aggregating()
    {
        var recorder = new EventRecorder(sink.Object, "machines", "pod-1", time, NullLogger.Instance);
        for (var i = 0; i < EventRecorder.MaxSeries * 3; i++)
        {
            await recorder.WriteAsync(Pending(Pod(), "Scheduled", $"note {i}"), default);
            time.Advance(TimeSpan.FromMilliseconds(1));
        }

        Assert.InRange(recorder.SeriesCount, 1, EventRecorder.MaxSeries);
        Assert.Equal(EventRecorder.MaxSeries * 3, created.Count);

        // The latest series is still remembered (a repeat bumps it); the oldest was let go (a repeat creates anew).
        await recorder.WriteAsync(Pending(Pod(), "Scheduled", $"note {(EventRecorder.MaxSeries * 3) - 1}"), default);
        Assert.Single(updated);
        await recorder.WriteAsync(Pending(Pod(), "Scheduled", "note 0"), default);
        Assert.Equal((EventRecorder.MaxSeries * 3) + 1, created.Count);
    }

    private EventRecorder.Pending Pending(V1Pod pod, string reason, string note) =>
        new(new V1ObjectReference { Kind = pod.Kind, ApiVersion = pod.ApiVersion, Name = pod.Metadata.Name, NamespaceProperty = pod.Metadata.NamespaceProperty, Uid = pod.Metadata.Uid },
            EventTypes.Normal, reason, "Place", note, time.GetUtcNow());

    private static V1Pod Pod() => new() { ApiVersion = "v1", Kind = "Pod", Metadata = new V1ObjectMeta { Name = "p", NamespaceProperty = "ns", Uid = "uid-p" } };
}
