using Prometheus;

namespace ElasticCompute.Runtime.Metrics;

/// <summary>controller-runtime's metric names, in one manager's own registry.</summary>
internal sealed class PrometheusMetrics : IInformerMetrics, IReconcileMetrics
{
    private readonly Counter reconcileTotal;
    private readonly Counter reconcileErrors;
    private readonly Counter terminalErrors;
    private readonly Histogram reconcileTime;
    private readonly Gauge activeWorkers;
    private readonly Gauge depth;
    private readonly Counter adds;
    private readonly Histogram queueDuration;
    private readonly Histogram workDuration;
    private readonly Counter retries;
    private readonly Counter watchRestarts;

    public PrometheusMetrics(CollectorRegistry registry)
    {
        var factory = Prometheus.Metrics.WithCustomRegistry(registry);
        var buckets = Histogram.ExponentialBuckets(0.005, 2, 16);
        reconcileTotal = factory.CreateCounter("controller_runtime_reconcile_total", "Total number of reconciliations per controller.", "controller", "result");
        reconcileErrors = factory.CreateCounter("controller_runtime_reconcile_errors_total", "Total number of reconciliation errors per controller.", "controller");
        terminalErrors = factory.CreateCounter("controller_runtime_terminal_reconcile_errors_total", "Total number of terminal reconciliation errors per controller.", "controller");
        reconcileTime = factory.CreateHistogram("controller_runtime_reconcile_time_seconds", "Length of time per reconciliation per controller.",
            new HistogramConfiguration { LabelNames = ["controller"], Buckets = buckets });
        activeWorkers = factory.CreateGauge("controller_runtime_active_workers", "Number of currently used workers per controller.", "controller");
        depth = factory.CreateGauge("workqueue_depth", "Current depth of workqueue.", "name");
        adds = factory.CreateCounter("workqueue_adds_total", "Total number of adds handled by workqueue.", "name");
        queueDuration = factory.CreateHistogram("workqueue_queue_duration_seconds", "How long in seconds an item stays in workqueue before being requested.",
            new HistogramConfiguration { LabelNames = ["name"], Buckets = buckets });
        workDuration = factory.CreateHistogram("workqueue_work_duration_seconds", "How long in seconds processing an item from workqueue takes.",
            new HistogramConfiguration { LabelNames = ["name"], Buckets = buckets });
        retries = factory.CreateCounter("workqueue_retries_total", "Total number of retries handled by workqueue.", "name");
        watchRestarts = factory.CreateCounter("informer_watch_restarts_total", "Total number of watch restarts per resource.", "resource");
    }

    public void WatchRestarted(string resource) => watchRestarts.WithLabels(resource).Inc();

    public void Reconciled(string controller, string result, TimeSpan duration)
    {
        reconcileTotal.WithLabels(controller, result).Inc();
        reconcileTime.WithLabels(controller).Observe(duration.TotalSeconds);
    }

    public void Failed(string controller, bool terminal)
    {
        reconcileErrors.WithLabels(controller).Inc();
        if (terminal)
        {
            terminalErrors.WithLabels(controller).Inc();
        }
    }

    public void ActiveWorkers(string controller, int delta) => activeWorkers.WithLabels(controller).Inc(delta);

    public IWorkQueueMetrics ForQueue(string name) => new QueueMetrics(this, name);

    private sealed class QueueMetrics(PrometheusMetrics m, string name) : IWorkQueueMetrics
    {
        public void Added() => m.adds.WithLabels(name).Inc();

        public void Depth(int value) => m.depth.WithLabels(name).Set(value);

        public void QueueDuration(TimeSpan waited) => m.queueDuration.WithLabels(name).Observe(waited.TotalSeconds);

        public void WorkDuration(TimeSpan worked) => m.workDuration.WithLabels(name).Observe(worked.TotalSeconds);

        public void Retry() => m.retries.WithLabels(name).Inc();
    }
}
