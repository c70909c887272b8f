namespace ElasticCompute.Runtime.Controllers;

/// <summary>Implemented by a reconciler that records terminal failures (on the object's status, say).</summary>
public interface ITerminalErrorObserver
{
    Task OnTerminalErrorAsync(ReconcileRequest request, TerminalReconcileException exception, CancellationToken cancellationToken);
}
