namespace ElasticCompute.Portal.Machines;

/// <summary>A request the portal refuses itself (the rule it breaks is the message), before anything is sent to the cluster.</summary>
public sealed class PortalRefusalException : Exception
{
    public PortalRefusalException()
    {
    }

    public PortalRefusalException(string message)
        : base(message)
    {
    }

    public PortalRefusalException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
