using ElasticCompute.Api.Machines;

namespace ElasticCompute.Operator.Machines;

/// <summary>Computes an ElasticMachine's status from what was observed. Pure: time comes from the caller.</summary>
internal interface IMachineStatusCalculator
{
    ElasticMachineStatus Calculate(MachineObservation observation, DateTimeOffset now);
}
