namespace ElasticCompute.Runtime.Queues;

/// <summary>A key handed to a worker, or <see cref="IsShutDown"/> when the queue is shut down and empty.</summary>
public readonly record struct Dequeued<TKey>(TKey Key, bool IsShutDown);
