namespace ElasticCompute.Operator.Machines;

/// <summary>A machine by namespace and name; its VM and VMI carry the same name.</summary>
internal sealed record MachineKey(string Namespace, string Name)
{
    public override string ToString() => Namespace + "/" + Name;
}
