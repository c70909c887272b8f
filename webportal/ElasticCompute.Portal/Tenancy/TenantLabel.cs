namespace ElasticCompute.Portal.Tenancy;

/// <summary>The label that makes a namespace a tenant of the portal (value "true").</summary>
public static class TenantLabel
{
    public const string Name = "elasticcompute.io/tenant";
}
