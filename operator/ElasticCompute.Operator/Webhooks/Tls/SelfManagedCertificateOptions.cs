namespace ElasticCompute.Operator.Webhooks.Tls;

/// <summary>Where the operator keeps its webhook CA and serving certificate, and when it renews them.</summary>
internal sealed record SelfManagedCertificateOptions
{
    public const string DefaultSecretName = "elasticcompute-webhook-tls";

    /// <summary>The operator's namespace: the Secret lives there.</summary>
    public required string Namespace { get; init; }

    public string SecretName { get; init; } = DefaultSecretName;

    /// <summary>The serving certificate's names: <see cref="ServingNames.ForService"/> in a cluster, <see cref="ServingNames.ForLocalhost"/> in devcluster.</summary>
    public required ServingNames Names { get; init; }

    public TimeSpan ServingValidity { get; init; } = CertificateAuthority.DefaultServingValidity;

    /// <summary>Renew the serving certificate this long before it expires; null: in the last third of its life.</summary>
    public TimeSpan? RenewBefore { get; init; }

    public TimeSpan CaValidity { get; init; } = CertificateAuthority.DefaultValidity;

    /// <summary>Renew the CA this long before it expires; null: in the last third of its life.</summary>
    public TimeSpan? CaRenewBefore { get; init; }

    public string CaSubject { get; init; } = CertificateAuthority.DefaultSubject;

    /// <summary>How often every replica reads the Secret (to follow the others' rotations and to rotate in time).</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>How soon to try again after a failed read or write.</summary>
    public TimeSpan RetryInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Throws when the timings would rotate on every pass (a renewal window as long as the life itself).</summary>
    public void Validate()
    {
        ArgumentException.ThrowIfNullOrEmpty(Namespace);
        ArgumentException.ThrowIfNullOrEmpty(SecretName);
        ArgumentNullException.ThrowIfNull(Names);
        Check(ServingValidity > TimeSpan.Zero && CaValidity > TimeSpan.Zero, "validities must be positive");
        Check(RenewBefore is null || (RenewBefore > TimeSpan.Zero && RenewBefore < ServingValidity), $"{nameof(RenewBefore)} must be shorter than {nameof(ServingValidity)}");
        Check(CaRenewBefore is null || (CaRenewBefore > TimeSpan.Zero && CaRenewBefore < CaValidity), $"{nameof(CaRenewBefore)} must be shorter than {nameof(CaValidity)}");
        Check(PollInterval > TimeSpan.Zero && RetryInterval > TimeSpan.Zero, "intervals must be positive");
    }

    private static void Check(bool ok, string message)
    {
        if (!ok)
        {
            throw new ArgumentException(message);
        }
    }
}
