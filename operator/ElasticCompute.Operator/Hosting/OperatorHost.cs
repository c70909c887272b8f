using ElasticCompute.Api.Machines;
using ElasticCompute.Api.Policy;
using ElasticCompute.Operator.Caching;
using ElasticCompute.Operator.Machines;
using ElasticCompute.Operator.Webhooks;
using ElasticCompute.Operator.Webhooks.Tls;
using ElasticCompute.Operator.Controllers;
using ElasticCompute.Operator.KubeVirt;
using ElasticCompute.Runtime;
using ElasticCompute.Runtime.Controllers;
using ElasticCompute.Runtime.Hosting;
using ElasticCompute.Runtime.Leadership;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace ElasticCompute.Operator.Hosting;

/// <summary>Composes the operator: a manager with its shared informers and the ElasticMachine controller.</summary>
public static class OperatorHost
{
    /// <summary>Webhook answer times (seconds), with a bound at 2 ms so the latency objective reads off one bucket.</summary>
    private static readonly double[] AdmissionBuckets = [0.0001, 0.00025, 0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];

    /// <summary>Runs until cancelled: against a cluster (the executable) or in-process beside devcluster.</summary>
    public static async Task RunAsync(Kubernetes client, OperatorOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var parts = BuildParts(client, options);
        using var manager = parts.Manager;
        if (options.Webhooks is not { } webhookOptions)
        {
            await manager.RunAsync(cancellationToken).ConfigureAwait(false);
            return;
        }

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var running = manager.RunAsync(stop.Token);
        var webhooks = Task.Run(() => RunWebhooksAsync(client, parts, webhookOptions, options.Time, options.LoggerFactory.CreateLogger("ElasticCompute.Webhooks"), stop.Token), CancellationToken.None);
        await Task.WhenAny(running, webhooks).ConfigureAwait(false);
        await stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await Task.WhenAll(running, webhooks).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // stopping
        }
    }

    /// <summary>
    /// Serves the admission webhooks once the caches they read have synced: the certificate (made and rotated by the
    /// operator, or mounted from cert-manager), the HTTPS server, and the webhook configurations with the CA bundle.
    /// </summary>
    private static async Task RunWebhooksAsync(Kubernetes client, OperatorParts parts, WebhookOptions options, TimeProvider time, ILogger logger, CancellationToken cancellationToken)
    {
        using var selfManaged = options.CertificateDirectory is null
            ? new SelfManagedCertificates(
                client,
                new SelfManagedCertificateOptions
                {
                    Namespace = options.Namespace,
                    Names = options.Loopback ? ServingNames.ForLocalhost() : ServingNames.ForService(options.ServiceName, options.Namespace),
                },
                time,
                logger)
            : null;
        ICertificateSource certificates = selfManaged ?? (ICertificateSource)new FileCertificateSource(options.CertificateDirectory!, time, logger);
        var loops = new List<Task> { certificates.RunAsync(cancellationToken) };
        try
        {
            WebhookLog.WaitingForCertificate(logger);
            await certificates.WaitForReadyAsync(cancellationToken).ConfigureAwait(false);
            WebhookLog.WaitingForCaches(logger);
            await parts.Manager.WaitForCacheSyncAsync(cancellationToken).ConfigureAwait(false);

            var (manager, caches, policies) = parts;
            IAdmissionHandler[] handlers =
            [
                new MachineMutatingWebhook(policies.Current, Api.ElasticComputeApi.CreateDefaulter()),
                new MachineValidatingWebhook(policies.Current, Api.ElasticComputeApi.CreateValidator(), caches, new CapacityPlanner()),
                new PolicyValidatingWebhook(),
            ];
            var durations = Prometheus.Metrics.WithCustomRegistry(manager.Registry).CreateHistogram(
                "elasticcompute_webhook_admission_duration_seconds",
                "Time to answer an admission review, by webhook and verdict.",
                new Prometheus.HistogramConfiguration { LabelNames = ["webhook", "allowed"], Buckets = AdmissionBuckets });
            await using var server = new WebhookServer(handlers, () => certificates.Current, new ReviewObserver(durations, options.Reviewed));
            await server.StartAsync(options.Address, options.Port, cancellationToken).ConfigureAwait(false);

            WebhookLog.Serving(logger, server.Port);
            if (options.Register)
            {
                var endpoint = options.Loopback
                    ? WebhookEndpoint.Url(new Uri($"https://127.0.0.1:{server.Port}"))
                    : WebhookEndpoint.Service(options.ServiceName, options.Namespace);
                var writes = await new WebhookRegistrar(client).RegisterAsync(endpoint, certificates.CaBundle, options.Namespace, cancellationToken).ConfigureAwait(false);
                WebhookLog.Registered(logger, writes);
                var injector = new CaBundleInjector(client, [WebhookConfigurations.MutatingName], [WebhookConfigurations.ValidatingName], time, logger);
                loops.Add(injector.RunAsync(certificates, cancellationToken));
            }

            options.Ready?.Invoke(server.Port);

            await Task.Delay(Timeout.InfiniteTimeSpan, time, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // stopping
        }
        finally
        {
            try
            {
                await Task.WhenAll(loops).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }
        }
    }

    internal static Manager Build(Kubernetes client, OperatorOptions options) => BuildParts(client, options).Manager;

    /// <summary>The manager with its controllers, and the caches and policy the webhooks read too (one of each, shared).</summary>
    private static OperatorParts BuildParts(Kubernetes client, OperatorOptions options)
    {
        // The policy is cluster-scoped, which [KubernetesEntity] cannot say.
        ResourceKind.Register<ElasticComputePolicy>(new ResourceKind(ElasticComputePolicy.KubeGroup, ElasticComputePolicy.KubeApiVersion, ElasticComputePolicy.KubePluralName, false));

        var manager = new Manager(client, new ManagerOptions
        {
            LeaderElection = options.LeaderElection
                ? new LeaderElectionOptions(options.LeaseNamespace, options.LeaseName) { LeaseDuration = options.LeaseDuration, RenewDeadline = options.RenewDeadline, RetryPeriod = options.RetryPeriod }
                : null,
            HttpPort = options.HttpPort,
            Time = options.Time,
            LoggerFactory = options.LoggerFactory,
        });
        new CacheProjections().Register(manager);
        var caches = MachineCaches.From(manager);

        // Machines held back for capacity, indexed, so a VMI or node event wakes them without scanning every machine.
        const string waitingIndex = "waiting-for-capacity";
        manager.GetInformer<ElasticMachine>().AddIndexer(waitingIndex, m =>
            m.Status?.Conditions?.Any(c => c.Type == MachineConditions.CapacityAvailable && c.Status == "False") == true ? ["true"] : []);
        var policies = new PolicySource(manager.GetCache<ElasticComputePolicy>());
        var writtenStatuses = new WrittenStatuses(manager.GetCache<ElasticMachine>());
        manager.GetInformer<ElasticMachine>().AddEventHandler(writtenStatuses);
        var reconciler = new ElasticMachineReconciler(client, caches, manager.GetEventRecorder("elasticmachine-controller"), policies, writtenStatuses, options.Time);

        IEnumerable<ReconcileRequest> Waiting() => caches.Machines.ByIndex(waitingIndex, "true").Select(Request);

        var machines = manager.NewController("elasticmachine")
            .For<ElasticMachine>()
            .WithUpdateFilter(UpdatePredicates.GenerationOrMetadataChanged) // not its own status writes
            .Owns<VirtualMachine>()
            .Owns<DataVolume>()
            .Owns<V1Service>()
            .Watches<VirtualMachineInstance>(vmi => [new ReconcileRequest(vmi.Metadata.NamespaceProperty, vmi.Metadata.Name), .. Waiting()])
            .Watches<V1Node>(_ => Waiting())
            .Watches<ElasticComputePolicy>(_ => caches.Machines.List().Select(Request))
            .WithWorkers(options.Workers)
            .Complete(reconciler);
        caches.Usage.RoomReleased += () =>
        {
            foreach (var request in Waiting())
            {
                machines.Enqueue(request);
            }
        };

        manager.NewController("elasticcomputepolicy-status")
            .For<ElasticComputePolicy>()
            .Watches<V1Node>(_ => [PolicyStatusReconciler.DefaultRequest])
            .Watches<VirtualMachineInstance>(_ => [PolicyStatusReconciler.DefaultRequest])
            .WithWorkers(1)
            .Complete(new PolicyStatusReconciler(client, manager.GetCache<ElasticComputePolicy>(), caches, options.Time));
        return new OperatorParts(manager, caches, policies);
    }

    private static ReconcileRequest Request(ElasticMachine machine) => new(machine.Metadata.NamespaceProperty, machine.Metadata.Name);
}
