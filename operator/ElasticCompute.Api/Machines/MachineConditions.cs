namespace ElasticCompute.Api.Machines;

/// <summary>Condition types of an ElasticMachine's status.</summary>
public static class MachineConditions
{
    /// <summary>The machine runs and its guest is ready (or, when halted, it is stopped as asked).</summary>
    public const string Ready = "Ready";

    /// <summary>The disk is imported and bound.</summary>
    public const string DiskReady = "DiskReady";

    /// <summary>The pool and the namespace quota have room for the machine.</summary>
    public const string CapacityAvailable = "CapacityAvailable";

    /// <summary>A change (cpu or memory beyond the hotplug limits) takes effect only after a restart.</summary>
    public const string RestartRequired = "RestartRequired";

    /// <summary>kstatus: True while the machine is on its way to what its spec asks.</summary>
    public const string Reconciling = "Reconciling";

    /// <summary>kstatus: True when the machine cannot get there without a change (Failed).</summary>
    public const string Stalled = "Stalled";
}
