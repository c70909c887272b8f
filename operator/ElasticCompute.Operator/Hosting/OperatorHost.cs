using ElasticCompute.Api.Machines;
using ElasticCompute.Api.Policy;
using ElasticCompute.Operator.Caching;
using ElasticCompute.Operator.Controllers;
using ElasticCompute.Operator.KubeVirt;
using ElasticCompute.Runtime;
using ElasticCompute.Runtime.Controllers;
using ElasticCompute.Runtime.Hosting;
using ElasticCompute.Runtime.Leadership;
using k8s;
using k8s.Models;

namespace ElasticCompute.Operator.Hosting;

/// <summary>Composes the operator: a manager with its shared informers and the ElasticMachine controller.</summary>
public static class OperatorHost
{
    /// <summary>Runs until cancelled: against a cluster (the executable) or in-process beside devcluster.</summary>
    public static async Task RunAsync(Kubernetes client, OperatorOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        using var manager = Build(client, options);
        await manager.RunAsync(cancellationToken).ConfigureAwait(false);
    }

    internal static Manager Build(Kubernetes client, OperatorOptions options)
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
        });
        new CacheProjections().Register(manager);
        var caches = MachineCaches.From(manager);

        // Machines held back for capacity, indexed, so a VMI or node event wakes them without scanning every machine.
        const string waitingIndex = "waiting-for-capacity";
        manager.GetInformer<ElasticMachine>().AddIndexer(waitingIndex, m =>
            m.Status?.Conditions?.Any(c => c.Type == MachineConditions.CapacityAvailable && c.Status == "False") == true ? ["true"] : []);
        var policies = new PolicySource(manager.GetCache<ElasticComputePolicy>());
        var reconciler = new ElasticMachineReconciler(client, caches, manager.GetEventRecorder("elasticmachine-controller"), policies, options.Time);

        IEnumerable<ReconcileRequest> Waiting() => caches.Machines.ByIndex(waitingIndex, "true").Select(Request);

        manager.NewController("elasticmachine")
            .For<ElasticMachine>()
            .Owns<VirtualMachine>()
            .Owns<DataVolume>()
            .Watches<VirtualMachineInstance>(vmi => [new ReconcileRequest(vmi.Metadata.NamespaceProperty, vmi.Metadata.Name), .. Waiting()])
            .Watches<V1Node>(_ => Waiting())
            .Watches<ElasticComputePolicy>(_ => caches.Machines.List().Select(Request))
            .WithWorkers(options.Workers)
            .Complete(reconciler);

        manager.NewController("elasticcomputepolicy-status")
            .For<ElasticComputePolicy>()
            .Watches<V1Node>(_ => [PolicyStatusReconciler.DefaultRequest])
            .Watches<VirtualMachineInstance>(_ => [PolicyStatusReconciler.DefaultRequest])
            .WithWorkers(1)
            .Complete(new PolicyStatusReconciler(client, manager.GetCache<ElasticComputePolicy>(), caches, options.Time));
        return manager;
    }

    private static ReconcileRequest Request(ElasticMachine machine) => new(machine.Metadata.NamespaceProperty, machine.Metadata.Name);
}
