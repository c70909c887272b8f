using System.Collections.Concurrent;
using ElasticCompute.Runtime.Controllers;
using ElasticCompute.Runtime.Hosting;
using ElasticCompute.Runtime.Leadership;
using k8s;
using k8s.Models;

namespace ElasticCompute.Runtime.Tests.Integration;

public sealed class LeaderElectionIntegrationTests
{
    [Fact]
    public async Task Of_two_managers_on_one_lease_exactly_one_reconciles_and_the_other_takes_over_when_it_stops()
    {
        await using var cluster = await DevClusterFixture.StartAsync();
        using var client = cluster.NewClient();
        await client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "m" } }, "default");

        var calls = new ConcurrentQueue<string>();
        var election = new LeaderElectionOptions("default", "runtime-test")
        {
            LeaseDuration = TimeSpan.FromSeconds(3),
            RenewDeadline = TimeSpan.FromSeconds(2),
            RetryPeriod = TimeSpan.FromMilliseconds(300),
        };
        (Manager Manager, CancellationTokenSource Stop, Task Run) Start(string identity)
        {
            var manager = new Manager(cluster.NewClient(), new ManagerOptions { Identity = identity, LeaderElection = election });
            manager.NewController("maps").For<V1ConfigMap>().Complete(new Recorder(identity, calls));
            var stop = new CancellationTokenSource();
            return (manager, stop, manager.RunAsync(stop.Token));
        }

        var one = Start("one");
        var two = Start("two");
        await Eventually.True(() => calls.Any(c => c.EndsWith("default/m", StringComparison.Ordinal)), "one reconciled", 60);
        await Task.Delay(TimeSpan.FromSeconds(4)); // more than a lease: still one leader
        Assert.True(one.Manager.IsLeader ^ two.Manager.IsLeader);
        var leader = one.Manager.IsLeader ? one : two;
        var follower = one.Manager.IsLeader ? two : one;
        var leaderName = leader == one ? "one" : "two";
        Assert.All(calls, c => Assert.StartsWith(leaderName + ":", c, StringComparison.Ordinal));

        await leader.Stop.CancelAsync();
        await leader.Run.WaitAsync(TimeSpan.FromSeconds(30));
        await Eventually.True(() => follower.Manager.IsLeader, "follower took over", 60);
        await Eventually.True(() => calls.Any(c => c.StartsWith((leader == one ? "two" : "one") + ":", StringComparison.Ordinal)), "follower reconciled", 60);

        await follower.Stop.CancelAsync();
        await follower.Run.WaitAsync(TimeSpan.FromSeconds(30));
        one.Manager.Dispose();
        two.Manager.Dispose();
        one.Stop.Dispose();
        two.Stop.Dispose();
    }

    private sealed class Recorder(string identity, ConcurrentQueue<string> calls) : IReconciler<V1ConfigMap>
    {
        public Task<ReconcileResult> ReconcileAsync(ReconcileRequest request, CancellationToken cancellationToken)
        {
            calls.Enqueue($"{identity}:{request}");
            return Task.FromResult(ReconcileResult.Done);
        }
    }
}
