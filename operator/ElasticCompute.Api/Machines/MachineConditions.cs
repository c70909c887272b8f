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
}
