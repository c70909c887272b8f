using System.Collections.Concurrent;
using ElasticCompute.Runtime.Controllers;
using k8s.Models;

namespace ElasticCompute.Runtime.Tests.Controllers;

internal sealed class ScriptedReconciler : IReconciler<V1ConfigMap>, ITerminalErrorObserver
{
    public ConcurrentQueue<string> Calls { get; } = new();

    public ConcurrentQueue<string> Terminal { get; } = new();

    public ConcurrentQueue<string> Cancelled { get; } = new();

    public Func<ReconcileRequest, CancellationToken, Task<ReconcileResult>> Behaviour { get; set; } = (_, _) => Task.FromResult(ReconcileResult.Done);

    public async Task<ReconcileResult> ReconcileAsync(ReconcileRequest request, CancellationToken cancellationToken)
    {
        Calls.Enqueue(request.ToString());
        try
        {
            return await Behaviour(request, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            Cancelled.Enqueue(request.ToString());
            throw;
        }
    }

    public Task OnTerminalErrorAsync(ReconcileRequest request, TerminalReconcileException exception, CancellationToken cancellationToken)
    {
        Terminal.Enqueue($"{request}: {exception.Reason}");
        return Task.CompletedTask;
    }
}
