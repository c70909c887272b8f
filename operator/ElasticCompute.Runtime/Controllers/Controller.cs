using ElasticCompute.Runtime.Events;
using ElasticCompute.Runtime.Hosting;
using ElasticCompute.Runtime.Informers;
using ElasticCompute.Runtime.Metrics;
using ElasticCompute.Runtime.Queues;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace ElasticCompute.Runtime.Controllers;

/// <summary>Workers that take requests from the queue and reconcile them; one request is never reconciled twice at once.</summary>
internal sealed class Controller<T> : IController
    where T : class, IKubernetesObject<V1ObjectMeta>
{
    private readonly IInformer<T> informer;
    private readonly IReconciler<T> reconciler;
    private readonly WorkQueue<ReconcileRequest> queue;
    private readonly int workers;
    private readonly IReconcileMetrics metrics;
    private readonly IEventRecorder? recorder;
    private readonly TimeProvider time;
    private readonly ILogger logger;

    public Controller(string name, IInformer<T> informer, IReconciler<T> reconciler, int workers, TimeProvider time,
        IReconcileMetrics? metrics = null, IEventRecorder? recorder = null, ILogger? logger = null, IRateLimiter<ReconcileRequest>? limiter = null)
    {
        Name = name;
        this.informer = informer;
        this.reconciler = reconciler;
        this.workers = Math.Max(1, workers);
        this.time = time;
        this.metrics = metrics ?? NoMetrics.Instance;
        this.recorder = recorder;
        this.logger = logger ?? Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;
        queue = new WorkQueue<ReconcileRequest>(time, limiter, this.metrics.ForQueue(name));
    }

    public string Name { get; }

    internal IWorkQueue<ReconcileRequest> Queue => queue;

    public void Enqueue(ReconcileRequest request) => queue.Add(request);

    public void EnqueueAll()
    {
        foreach (var item in informer.Cache.List())
        {
            queue.Add(RequestOf(item));
        }
    }

    public static ReconcileRequest RequestOf(IKubernetesObject<V1ObjectMeta> obj) =>
        new(string.IsNullOrEmpty(obj.Metadata?.NamespaceProperty) ? null : obj.Metadata.NamespaceProperty, obj.Metadata?.Name ?? string.Empty);

    public Task RunAsync(CancellationToken stopTaking, CancellationToken abort) =>
        Task.WhenAll(Enumerable.Range(0, workers).Select(_ => Task.Run(() => WorkAsync(stopTaking, abort), CancellationToken.None)));

    public void ShutDown() => queue.ShutDown();

    internal async Task WorkAsync(CancellationToken stopTaking, CancellationToken abort)
    {
        metrics.ActiveWorkers(Name, 1);
        try
        {
            while (!stopTaking.IsCancellationRequested && !abort.IsCancellationRequested)
            {
                Dequeued<ReconcileRequest> next;
                try
                {
                    next = await queue.GetAsync(stopTaking).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                if (next.IsShutDown)
                {
                    return;
                }

                try
                {
                    await ReconcileOneAsync(next.Key, abort).ConfigureAwait(false);
                }
                finally
                {
                    queue.Done(next.Key);
                }
            }
        }
        finally
        {
            metrics.ActiveWorkers(Name, -1);
        }
    }

    private async Task ReconcileOneAsync(ReconcileRequest request, CancellationToken abort)
    {
        var started = time.GetTimestamp();
        string result;
        try
        {
            var outcome = await reconciler.ReconcileAsync(request, abort).ConfigureAwait(false);
            queue.Forget(request);
            if (outcome.Delay is { } delay)
            {
                queue.AddAfter(request, delay);
                result = "requeue_after";
            }
            else
            {
                result = "success";
            }
        }
        catch (OperationCanceledException) when (abort.IsCancellationRequested)
        {
            // Leadership lost or shutting down: keep the key so it is reconciled when this instance leads again.
            queue.Add(request);
            result = "error";
        }
        catch (TerminalReconcileException e)
        {
            queue.Forget(request);
            metrics.Failed(Name, terminal: true);
            result = "error";
            Log.ReconcileTerminal(logger, e, Name, request.ToString(), e.Reason);
            await ReportTerminalAsync(request, e, abort).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // any other failure is retried with back-off
        catch (Exception e)
#pragma warning restore CA1031
        {
            queue.AddRateLimited(request);
            metrics.Failed(Name, terminal: false);
            result = "error";
            if (e is HttpOperationException or HttpRequestException)
            {
                // The API server's answer (a conflict, a refusal, a connection lost) says it all; a stack trace per
                // retry would bury it. A fault of our own keeps its stack.
                Log.ReconcileRefused(logger, Name, request.ToString(), ApiErrors.Describe(e));
                Log.ReconcileFailedDetail(logger, e, Name, request.ToString());
            }
            else
            {
                Log.ReconcileFailed(logger, e, Name, request.ToString());
            }
        }

        metrics.Reconciled(Name, result, time.GetElapsedTime(started));
    }

    private async Task ReportTerminalAsync(ReconcileRequest request, TerminalReconcileException error, CancellationToken abort)
    {
        if (informer.Cache.Find(request.Namespace, request.Name) is { } obj)
        {
            recorder?.Warning(obj, error.Reason, "Reconcile", error.Message);
        }

        if (reconciler is ITerminalErrorObserver observer)
        {
#pragma warning disable CA1031 // recording the failure is best-effort; the key is retried when the object changes
            try
            {
                await observer.OnTerminalErrorAsync(request, error, abort).ConfigureAwait(false);
            }
            catch (Exception e)
            {
                Log.ReconcileFailed(logger, e, Name, request.ToString());
            }
#pragma warning restore CA1031
        }
    }
}
