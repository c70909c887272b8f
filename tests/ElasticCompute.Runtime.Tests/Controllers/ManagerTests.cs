using ElasticCompute.Runtime.Controllers;
using ElasticCompute.Runtime.Hosting;
using ElasticCompute.Runtime.Informers;
using ElasticCompute.Runtime.Tests.Informers;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Time.Testing;
using Moq;

namespace ElasticCompute.Runtime.Tests.Controllers;

public sealed class ManagerTests
{
    private readonly FakeListWatch fake = new();
    private readonly FakeTimeProvider time = new();
    private readonly ScriptedReconciler reconciler = new();

    [Fact]
    public async Task Only_the_leader_runs_workers_and_losing_the_lease_cancels_them_at_once()
    {
        fake.ListAnswers.Enqueue(_ => new ListPage<V1ConfigMap>([FakeListWatch.Map("a", "1")], "5", null));
        var elector = new FakeElector();
        using var manager = NewManager(elector);
        var controller = manager.NewController("maps").For<V1ConfigMap>().WithWorkers(2).Complete(reconciler);
        using var stop = new CancellationTokenSource();
        var run = manager.RunAsync(stop.Token);

        await Eventually.True(() => elector.Running, "campaigning");
        await Task.Delay(200);
        Assert.Empty(reconciler.Calls); // synced but not leading

        elector.Lead();
        await Eventually.True(() => reconciler.Calls.Contains("ns/a"), "reconciled as leader");

        var blocked = new TaskCompletionSource();
        reconciler.Behaviour = async (_, ct) =>
        {
            blocked.TrySetResult();
            await Task.Delay(Timeout.Infinite, ct);
            return ReconcileResult.Done;
        };
        controller.Enqueue(new ReconcileRequest("ns", "b"));
        await blocked.Task.WaitAsync(TimeSpan.FromSeconds(20));

        elector.Lose();
        await Eventually.True(() => reconciler.Cancelled.Contains("ns/b"), "in-flight reconcile cancelled");
        Assert.False(manager.IsLeader);
        reconciler.Behaviour = (_, _) => Task.FromResult(ReconcileResult.Done);
        var calls = reconciler.Calls.Count;
        controller.Enqueue(new ReconcileRequest("ns", "c"));
        await Task.Delay(200);
        Assert.Equal(calls, reconciler.Calls.Count); // no worker while not leading

        elector.Lead(); // leads again: the queued and cached keys are reconciled
        await Eventually.True(() => reconciler.Calls.Contains("ns/c") && reconciler.Calls.Count(c => c == "ns/b") == 2, "reconciled after regaining the lease");

        await stop.CancelAsync();
        await run.WaitAsync(TimeSpan.FromSeconds(20));
    }

    [Fact]
    public async Task Errors_requeue_with_back_off_terminal_errors_do_not_and_requeue_after_waits()
    {
        fake.ListAnswers.Enqueue(_ => new ListPage<V1ConfigMap>([], "5", null));
        using var manager = NewManager(null);
        var controller = manager.NewController("maps").For<V1ConfigMap>().Complete(reconciler);
        var failures = 0;
        reconciler.Behaviour = (r, _) => r.Name switch
        {
            "flaky" when Interlocked.Increment(ref failures) == 1 => throw new InvalidOperationException("boom"),
            "bad" => throw new TerminalReconcileException("InvalidSpec", "spec.x is wrong"),
            "later" => Task.FromResult(reconciler.Calls.Count(c => c == "ns/later") == 1 ? ReconcileResult.RequeueAfter(TimeSpan.FromMinutes(1)) : ReconcileResult.Done),
            _ => Task.FromResult(ReconcileResult.Done),
        };
        using var stop = new CancellationTokenSource();
        var run = manager.RunAsync(stop.Token);

        controller.Enqueue(new ReconcileRequest("ns", "flaky"));
        controller.Enqueue(new ReconcileRequest("ns", "bad"));
        controller.Enqueue(new ReconcileRequest("ns", "later"));
        await Eventually.True(() => reconciler.Calls.Count == 3 && !reconciler.Terminal.IsEmpty, "first passes");
        Assert.Equal("ns/bad: InvalidSpec", Assert.Single(reconciler.Terminal));
        await Task.Delay(100);
        time.Advance(TimeSpan.FromMilliseconds(5)); // flaky's first back-off
        await Eventually.True(() => reconciler.Calls.Count(c => c == "ns/flaky") == 2, "flaky retried after 5 ms");
        Assert.Single(reconciler.Calls, c => c == "ns/later");
        time.Advance(TimeSpan.FromMinutes(1));
        await Eventually.True(() => reconciler.Calls.Count(c => c == "ns/later") == 2, "later requeued after a minute");
        time.Advance(TimeSpan.FromHours(1));
        await Task.Delay(100);
        Assert.Single(reconciler.Calls, c => c == "ns/bad"); // terminal: never retried

        var metrics = new MemoryStream();
        await manager.Registry.CollectAndExportAsTextAsync(metrics);
        var text = System.Text.Encoding.UTF8.GetString(metrics.ToArray());
        Assert.Contains("controller_runtime_reconcile_total{controller=\"maps\",result=\"error\"} 2", text, StringComparison.Ordinal);
        Assert.Contains("controller_runtime_reconcile_total{controller=\"maps\",result=\"requeue_after\"} 1", text, StringComparison.Ordinal);
        Assert.Contains("workqueue_retries_total{name=\"maps\"} 1", text, StringComparison.Ordinal);
        Assert.Contains("workqueue_depth{name=\"maps\"}", text, StringComparison.Ordinal);

        await stop.CancelAsync();
        await run.WaitAsync(TimeSpan.FromSeconds(20));
    }

    [Fact]
    public async Task A_reconcile_the_api_server_refuses_is_logged_as_its_answer_and_a_fault_of_our_own_with_its_stack()
    {
        fake.ListAnswers.Enqueue(_ => new ListPage<V1ConfigMap>([FakeListWatch.Map("a", "1"), FakeListWatch.Map("b", "1")], "5", null));
        var logs = new CapturingLoggerFactory();
        using var manager = NewManager(null, logs);
        reconciler.Behaviour = (request, _) => request.Name == "a"
            ? throw new k8s.Autorest.HttpOperationException("Operation returned an invalid status code 'Conflict'")
            {
                Response = new k8s.Autorest.HttpResponseMessageWrapper(new HttpResponseMessage(System.Net.HttpStatusCode.Conflict), """{"kind":"Status","message":"the object has been modified; please apply your changes to the latest version and try again"}"""),
            }
            : throw new InvalidOperationException("a bug");
        manager.NewController("maps").For<V1ConfigMap>().Complete(reconciler);
        using var stop = new CancellationTokenSource();
        var run = manager.RunAsync(stop.Token);
        await Eventually.True(() => logs.Lines.Count(l => l.Level == Microsoft.Extensions.Logging.LogLevel.Error) >= 2, "both failures logged");
        await stop.CancelAsync();
        await run.WaitAsync(TimeSpan.FromSeconds(20));

        var errors = logs.Lines.Where(l => l.Level == Microsoft.Extensions.Logging.LogLevel.Error).ToList();
        var refused = Assert.Single(errors, l => l.Message.Contains("ns/a", StringComparison.Ordinal));
        Assert.Equal("maps: reconcile of ns/a failed: 409 Conflict: the object has been modified; please apply your changes to the latest version and try again; requeued with back-off", refused.Message);
        Assert.Null(refused.Exception);
        var bug = Assert.Single(errors, l => l.Message.Contains("ns/b", StringComparison.Ordinal));
        Assert.IsType<InvalidOperationException>(bug.Exception);
    }

    private Manager NewManager(FakeElector? elector, Microsoft.Extensions.Logging.ILoggerFactory? logs = null) => new(new Mock<IKubernetes>().Object, new ManagerOptions
    {
        Identity = "test",
        LeaderElector = elector,
        ListWatchFactory = new FakeListWatchFactory(fake),
        Time = time,
        LoggerFactory = logs ?? Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance,
    });
}
