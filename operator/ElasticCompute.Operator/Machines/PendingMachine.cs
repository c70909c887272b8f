namespace ElasticCompute.Operator.Machines;

/// <summary>
/// A machine that should run and is on no node yet, with no node chosen for it (a VM seen waiting, as after a restart of
/// the operator): what it asks of a node, and its pool's node selector (null: any node), so it only takes room where
/// the scheduler could put it.
/// </summary>
internal readonly record struct PendingMachine(decimal Cpu, decimal Memory, IDictionary<string, string>? NodeSelector = null);
