namespace ElasticCompute.Runtime.Controllers;

/// <summary>The object to reconcile (the work queue's key); <see cref="Namespace"/> is null for cluster-scoped objects.</summary>
public sealed record ReconcileRequest(string? Namespace, string Name)
{
    public override string ToString() => string.IsNullOrEmpty(Namespace) ? Name : $"{Namespace}/{Name}";
}
