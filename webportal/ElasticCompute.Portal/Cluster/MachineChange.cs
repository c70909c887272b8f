using ElasticCompute.Api.Machines;

namespace ElasticCompute.Portal.Cluster;

/// <summary>One change the shared watch saw, numbered in this process's order. <paramref name="Machine"/> is null when the machine is gone.</summary>
internal sealed record MachineChange(long Sequence, string Namespace, string Name, ElasticMachine? Machine);
