namespace ElasticCompute.Portal.Hosting;

/// <summary>Writes the portal's logs to a host's logger factory (devcluster's), while the portal's own filters still apply.</summary>
internal sealed class ForwardingLoggerProvider(ILoggerFactory factory) : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => factory.CreateLogger(categoryName);

    public void Dispose()
    {
    }
}
