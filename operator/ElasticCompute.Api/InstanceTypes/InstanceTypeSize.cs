namespace ElasticCompute.Api.InstanceTypes;

/// <summary>The size a cluster instancetype fixes: vCPUs and memory in bytes.</summary>
public sealed record InstanceTypeSize(string Name, int Cpu, decimal MemoryBytes);
