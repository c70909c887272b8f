namespace ElasticCompute.DevCluster.Server.Simulation;

/// <summary>A storage class backed by a pool of <paramref name="Capacity"/> (a quantity such as "2Ti").</summary>
public sealed record SimulatedStorageClass(string Name, string Capacity, bool IsDefault = false);
