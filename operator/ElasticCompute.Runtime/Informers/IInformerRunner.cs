namespace ElasticCompute.Runtime.Informers;

/// <summary>What a manager needs of an informer of any type: run it and read its health.</summary>
public interface IInformerRunner
{
    ResourceKind Kind { get; }

    bool HasSynced { get; }

    /// <summary>False while the watch has been failing (in back-off) for longer than <paramref name="threshold"/>.</summary>
    bool IsWatchHealthy(TimeSpan threshold);

    Task RunAsync(CancellationToken cancellationToken);
}
