using System.Net;
using ElasticCompute.Runtime.Controllers;
using ElasticCompute.Runtime.Events;
using ElasticCompute.Runtime.Health;
using ElasticCompute.Runtime.Informers;
using ElasticCompute.Runtime.Leadership;
using ElasticCompute.Runtime.Metrics;
using k8s;
using k8s.Models;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Prometheus;

namespace ElasticCompute.Runtime.Hosting;

/// <summary>
/// Runs shared informers (on every instance, so a new leader starts warm), leader election, the controllers' workers
/// (only while leading), event recorders and the health/metrics endpoints; shuts down gracefully on cancellation.
/// </summary>
public sealed class Manager : IDisposable
{
    private readonly Lock gate = new();
    private readonly Dictionary<Type, IInformerRunner> informers = [];
    private readonly Dictionary<Type, Delegate> transforms = [];
    private readonly List<IController> controllers = [];
    private readonly List<EventRecorder> recorders = [];
    private readonly List<Task> background = [];
    private readonly List<Task> workerTasks = [];
    private readonly IListWatchFactory listWatches;
    private readonly PrometheusMetrics metrics;
    private readonly ILogger logger;
    private readonly Random random;
    private CancellationToken runToken;
    private bool running;
    private CancellationTokenSource? leading;

    public Manager(IKubernetes client, ManagerOptions? options = null)
    {
        Client = client ?? throw new ArgumentNullException(nameof(client));
        Options = options ?? new ManagerOptions();
        listWatches = Options.ListWatchFactory
            ?? (client is Kubernetes concrete ? new HttpListWatchFactory(concrete)
                : throw new ArgumentException("list/watch needs a Kubernetes client, or ManagerOptions.ListWatchFactory", nameof(client)));
        metrics = new PrometheusMetrics(Registry);
        ProcessMetrics.Register(Registry);
        logger = Options.LoggerFactory.CreateLogger("ElasticCompute.Runtime");
        random = Options.Random ?? Random.Shared;
        LeaderElector = Options.LeaderElector
            ?? (Options.LeaderElection is { } election
                ? new LeaseLeaderElector(client, election, Options.Identity, Options.Time, logger)
                : new AlwaysLeader(Options.Identity));
    }

    public IKubernetes Client { get; }

    public ManagerOptions Options { get; }

    /// <summary>This manager's metrics (not the process-wide default registry).</summary>
    public CollectorRegistry Registry { get; } = Prometheus.Metrics.NewCustomRegistry();

    public ILeaderElector LeaderElector { get; }

    public bool IsLeader { get; private set; }

    /// <summary>The port /healthz, /readyz and /metrics are served on, once running (null when not served).</summary>
    public int? HttpPort { get; private set; }

    /// <summary>The shared informer of <typeparamref name="T"/> (created on first use; started with the manager).</summary>
    public IInformer<T> GetInformer<T>()
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        lock (gate)
        {
            if (informers.TryGetValue(typeof(T), out var existing))
            {
                return (IInformer<T>)existing;
            }

            var kind = ResourceKind.Of<T>();
            var options = Options.Informers;
            var ns = kind.Namespaced ? options.Namespace : null;
            Func<T, T> transform = transforms.TryGetValue(typeof(T), out var project)
                ? obj => ((Func<T, T>)project)(SharedInformer<T>.StripManagedFields(obj))
                : SharedInformer<T>.StripManagedFields;
            var informer = new SharedInformer<T>(listWatches.Create<T>(kind, ns), kind, options, Options.Time, metrics, random, transform, logger);
            informers[typeof(T)] = informer;
            if (running)
            {
                background.Add(Task.Run(() => informer.RunAsync(runToken), CancellationToken.None));
            }

            return informer;
        }
    }

    /// <summary>
    /// Projects every <typeparamref name="T"/> before it is cached (after managedFields are dropped), so the cache keeps
    /// only what reconciles read: controller-runtime's cache transform. Must come before the informer is first used.
    /// </summary>
    public void SetTransform<T>(Func<T, T> transform)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        ArgumentNullException.ThrowIfNull(transform);
        lock (gate)
        {
            if (informers.ContainsKey(typeof(T)))
            {
                throw new InvalidOperationException($"the informer of {typeof(T).Name} exists already; set its transform before first use");
            }

            transforms[typeof(T)] = transform;
        }
    }

    /// <summary>The cache of <typeparamref name="T"/> to read in reconciles.</summary>
    public ICache<T> GetCache<T>()
        where T : class, IKubernetesObject<V1ObjectMeta> => GetInformer<T>().Cache;

    /// <summary>An event recorder reporting as <paramref name="controllerName"/> from this instance.</summary>
    public IEventRecorder GetEventRecorder(string controllerName)
    {
        var recorder = new EventRecorder(new KubernetesEventSink(Client), controllerName, Options.Identity, Options.Time, logger);
        lock (gate)
        {
            recorders.Add(recorder);
            if (running)
            {
                background.Add(Task.Run(() => recorder.RunAsync(runToken), CancellationToken.None));
            }
        }

        return recorder;
    }

    /// <summary>Starts a controller definition.</summary>
    public ControllerBuilder NewController(string name) => new(this, name);

    /// <summary>Informers whose watch has been failing too long (empty when healthy).</summary>
    public IReadOnlyList<string> UnhealthyInformers()
    {
        lock (gate)
        {
            return [.. informers.Values.Where(i => !i.IsWatchHealthy(Options.WatchUnhealthyAfter)).Select(i => i.Kind.Plural)];
        }
    }

    /// <summary>Informers not yet synced (empty when ready).</summary>
    public IReadOnlyList<string> UnsyncedInformers()
    {
        lock (gate)
        {
            return [.. informers.Values.Where(i => !i.HasSynced).Select(i => i.Kind.Plural)];
        }
    }

    /// <summary>Mounts /healthz, /readyz and /metrics on a host's endpoints.</summary>
    public void MapEndpoints(Microsoft.AspNetCore.Routing.IEndpointRouteBuilder endpoints) => endpoints.MapRuntimeEndpoints(this);

    /// <summary>Runs until <paramref name="cancellationToken"/>, then shuts down gracefully.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        IInformerRunner[] toStart;
        lock (gate)
        {
            if (running)
            {
                throw new InvalidOperationException("the manager is already running");
            }

            running = true;
            runToken = cancellationToken;
            toStart = [.. informers.Values];
            foreach (var recorder in recorders)
            {
                background.Add(Task.Run(() => recorder.RunAsync(cancellationToken), CancellationToken.None));
            }
        }

        var web = await StartHttpAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            foreach (var informer in toStart)
            {
                lock (gate)
                {
                    background.Add(Task.Run(() => informer.RunAsync(cancellationToken), CancellationToken.None));
                }
            }

            try
            {
                await WaitForSyncAsync(cancellationToken).ConfigureAwait(false);
                await LeaderElector.RunAsync(StartWorkers, StopWorkers, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // shutting down
            }

            await ShutDownAsync().ConfigureAwait(false);
        }
        finally
        {
            if (web is not null)
            {
                await web.StopAsync(CancellationToken.None).ConfigureAwait(false);
                await web.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    public void Dispose()
    {
        lock (gate)
        {
            leading?.Dispose();
            leading = null;
        }
    }

    internal IController CreateController<T>(string name, IInformer<T> informer, IReconciler<T> reconciler, int workers)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        var controller = new Controller<T>(name, informer, reconciler, workers, Options.Time, metrics, GetEventRecorder(name), logger);
        lock (gate)
        {
            controllers.Add(controller);
            if (IsLeader && leading is { } current)
            {
                workerTasks.Add(controller.RunAsync(CancellationTokenSource.CreateLinkedTokenSource(current.Token, runToken).Token, current.Token));
            }
        }

        return controller;
    }

    /// <summary>Completes once every informer's cache has synced (the manager must be running).</summary>
    public Task WaitForCacheSyncAsync(CancellationToken cancellationToken) => WaitForSyncAsync(cancellationToken);

    private async Task WaitForSyncAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            IInformerRunner[] all;
            lock (gate)
            {
                all = [.. informers.Values];
            }

            foreach (var informer in all)
            {
                while (!informer.HasSynced)
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(50), cancellationToken).ConfigureAwait(false);
                }
            }

            lock (gate)
            {
                if (informers.Count == all.Length)
                {
                    return;
                }
            }
        }
    }

    private void StartWorkers()
    {
        lock (gate)
        {
            if (IsLeader)
            {
                return;
            }

            IsLeader = true;
            leading = new CancellationTokenSource();
            var stopTaking = CancellationTokenSource.CreateLinkedTokenSource(leading.Token, runToken).Token;
            workerTasks.RemoveAll(t => t.IsCompleted);
            foreach (var controller in controllers)
            {
                // A new leader reconciles everything once: what happened while another instance led is not queued here.
                controller.EnqueueAll();
                workerTasks.Add(controller.RunAsync(stopTaking, leading.Token));
            }
        }
    }

    private void StopWorkers()
    {
        lock (gate)
        {
            if (!IsLeader)
            {
                return;
            }

            IsLeader = false;

            // Lost the lease: stop at once, another instance may lead now. On shutdown ShutDownAsync gives a grace period.
            if (!runToken.IsCancellationRequested || Options.LeaderElection is not null)
            {
                leading?.Cancel();
            }
        }
    }

    private async Task ShutDownAsync()
    {
        Task[] pending;
        lock (gate)
        {
            IsLeader = false;
            var grace = Options.LeaderElection is { } election && election.RenewDeadline < Options.GracefulShutdownTimeout
                ? election.RenewDeadline
                : Options.GracefulShutdownTimeout;
            leading?.CancelAfter(grace);
            pending = [.. workerTasks];
        }

        await Task.WhenAll(pending).ConfigureAwait(false);
        lock (gate)
        {
            leading?.Cancel();
            leading?.Dispose();
            leading = null;
            foreach (var controller in controllers)
            {
                controller.ShutDown();
            }

            pending = [.. background];
        }

        await Task.WhenAll(pending).ConfigureAwait(false);
    }

    private async Task<WebApplication?> StartHttpAsync(CancellationToken cancellationToken)
    {
        if (Options.HttpPort is not { } port)
        {
            return null;
        }

        // An empty builder: no configuration files (a slim builder would watch the working directory, the whole
        // tree below it, for appsettings.json changes), no logging providers; only Kestrel and routing.
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.Services.AddRoutingCore();
        builder.Services.AddSingleton<IHostLifetime, CallerOwnedLifetime>();
        builder.WebHost.UseKestrel(k => k.Listen(Options.HttpAddress ?? IPAddress.Any, port));
        var app = builder.Build();
        app.MapRuntimeEndpoints(this);
        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (IOException e) when (ListenException.Reason(e) is { } why)
        {
            await app.DisposeAsync().ConfigureAwait(false);
            throw new ListenException($"cannot serve /healthz, /readyz and /metrics on port {port}: {why}", e);
        }

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault();
        HttpPort = address is null ? port : new Uri(address).Port;
        Log.Serving(logger, HttpPort.Value);
        return app;
    }
}
