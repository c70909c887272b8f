using ElasticCompute.Api.Machines;

namespace ElasticCompute.Operator.Machines;

/// <summary>The opt-in (<see cref="ElasticMachine.RestartOnResizeAnnotation"/>: "true") for the operator to restart a machine a resize needs restarted.</summary>
internal static class RestartOnResize
{
    public static bool OptedIn(ElasticMachine machine) =>
        machine.Metadata.Annotations?.TryGetValue(ElasticMachine.RestartOnResizeAnnotation, out var value) == true && value == "true";
}
