using ElasticCompute.Operator.Hosting;
using k8s;
using static ElasticCompute.Operator.Tests.Integration.OperatorFixture;

namespace ElasticCompute.Operator.Tests.Integration;

/// <summary>Two operator replicas with leader election: one reconciles, and when it goes the other takes over.</summary>
public sealed class LeaderElectionTests(FaultClusterFixture cluster) : IClassFixture<FaultClusterFixture>, IAsyncLifetime
{
    private const string LeaseName = "elasticcompute-operator";

    // This class has the cluster to itself: the replicas below are the only operators.
    public Task InitializeAsync() => cluster.StopDefaultOperatorAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task One_replica_leads_and_the_other_takes_over_when_it_stops()
    {
        var leaseNs = await cluster.NamespaceAsync();
        var options = new OperatorOptions
        {
            LeaderElection = true,
            LeaseNamespace = leaseNs,
            LeaseName = LeaseName,
            HttpPort = null,
            LeaseDuration = TimeSpan.FromSeconds(3),
            RenewDeadline = TimeSpan.FromSeconds(2),
            RetryPeriod = TimeSpan.FromMilliseconds(500),
        };
        var a = cluster.StartOperator(options);
        var b = cluster.StartOperator(options);
        OperatorInstance[] replicas = [a, b];

        // Watch the replicas the whole time: never two leaders at once.
        var bothLed = 0;
        using var watching = new CancellationTokenSource();
        var watcher = Task.Run(async () =>
        {
            while (!watching.IsCancellationRequested)
            {
                if (replicas.Count(r => r.IsLeader) > 1)
                {
                    Interlocked.Increment(ref bothLed);
                }

                await Task.Delay(10, CancellationToken.None);
            }
        });

        try
        {
            var leader = await Eventually(() => Task.FromResult(replicas.SingleOrDefault(r => r.IsLeader)), r => r is not null, "one replica to lead", 30);
            var follower = replicas.Single(r => r != leader);
            Assert.Equal(leader!.Identity, await HolderAsync(leaseNs));

            var ns = await cluster.NamespaceAsync();
            await cluster.CreateMachineAsync(ns, "le-1", "{cpu: 1, memory: 2Gi}");
            await cluster.RunningAsync(ns, "le-1", 60);
            await cluster.AssertOneOfEachAsync(ns, "le-1");
            Assert.False(follower.IsLeader, "the follower should not lead while the leader holds the lease");
            await AssertEventsOnlyFromAsync(ns, leader.Identity);

            // The leader goes; the follower takes the lease and reconciles what comes next.
            await leader.StopAsync();
            await Eventually(() => Task.FromResult(follower.IsLeader), l => l, "the follower to take over", 30);
            await Eventually(() => HolderAsync(leaseNs), h => h == follower.Identity, "the lease to name the new leader", 30);

            await cluster.CreateMachineAsync(ns, "le-2", "{cpu: 1, memory: 2Gi}");
            await cluster.PatchMachineAsync(ns, "le-1", """{"spec":{"cpu":2}}""");
            await cluster.RunningAsync(ns, "le-2", 60);
            await cluster.MachineWhereAsync(ns, "le-1", m => (int?)m["status"]?["cpu"] == 2 && Phase(m) == "Running", "le-1 to be resized by the new leader", 60);
            await cluster.AssertOneOfEachAsync(ns, "le-2");
            await cluster.AssertOneOfEachAsync(ns, "le-1");
        }
        finally
        {
            await watching.CancelAsync();
            await watcher;
        }

        Assert.True(bothLed == 0, $"two replicas led at once ({bothLed} samples)");
    }

    private async Task<string?> HolderAsync(string ns)
    {
        try
        {
            var lease = await cluster.Client.CoordinationV1.ReadNamespacedLeaseAsync(LeaseName, ns);
            return lease.Spec?.HolderIdentity;
        }
        catch (k8s.Autorest.HttpOperationException e) when (e.Response.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    /// <summary>Every event the operator reported in <paramref name="ns"/> came from <paramref name="identity"/>: the follower did not reconcile.</summary>
    private async Task AssertEventsOnlyFromAsync(string ns, string identity)
    {
        var events = await cluster.Client.EventsV1.ListNamespacedEventAsync(ns);
        var reporters = events.Items.Where(e => e.ReportingController?.StartsWith("elasticmachine", StringComparison.Ordinal) == true)
            .Select(e => e.ReportingInstance)
            .Distinct()
            .ToArray();
        Assert.True(reporters.Length > 0, "the leader should have reported events for the machine");
        Assert.True(reporters.SequenceEqual([identity]), $"only the leader {identity} should reconcile; events came from [{string.Join(", ", reporters)}]");
    }
}
