namespace ElasticCompute.Portal.Machines;

/// <summary>A plan card: a KubeVirt instancetype's shape, offered as vCPUs and memory so the machine can be resized later.</summary>
internal sealed record MachinePreset(string Name, int Cpu, decimal MemoryBytes)
{
    public string Label => $"{Cpu} vCPU · {Sizes.Bytes(MemoryBytes)}";
}
