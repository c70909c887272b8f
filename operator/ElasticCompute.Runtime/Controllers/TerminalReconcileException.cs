namespace ElasticCompute.Runtime.Controllers;

/// <summary>
/// A failure retrying cannot fix (invalid spec, for example): the key is not requeued until the object changes.
/// The controller hands it to <see cref="ITerminalErrorObserver"/> when the reconciler implements it, so it can be
/// recorded on the object's status, and records a Warning event.
/// </summary>
public sealed class TerminalReconcileException : Exception
{
    public TerminalReconcileException()
        : this("ReconcileFailed", "reconcile failed")
    {
    }

    public TerminalReconcileException(string message)
        : this("ReconcileFailed", message)
    {
    }

    public TerminalReconcileException(string message, Exception innerException)
        : base(message, innerException) => Reason = "ReconcileFailed";

    public TerminalReconcileException(string reason, string message, Exception? innerException = null)
        : base(message, innerException) => Reason = reason;

    /// <summary>A CamelCase reason for a condition or event.</summary>
    public string Reason { get; }
}
