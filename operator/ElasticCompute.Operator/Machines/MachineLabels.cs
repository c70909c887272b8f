namespace ElasticCompute.Operator.Machines;

/// <summary>Labels and annotations the operator puts on what it creates for a machine.</summary>
internal static class MachineLabels
{
    /// <summary>The machine an object belongs to (value: the machine's name, in the object's namespace).</summary>
    public const string Machine = "elasticcompute.io/machine";

    /// <summary>On a disk kept by reclaimPolicy Retain after its machine was deleted (value: the machine's name).</summary>
    public const string ReleasedFrom = "elasticcompute.io/released-from";

    /// <summary>The instance type a VM's size came from, when it came from one.</summary>
    public const string InstanceType = "elasticcompute.io/instancetype";

    /// <summary>The pool the machine was placed in.</summary>
    public const string Pool = "elasticcompute.io/pool";

    public const string ManagedBy = "app.kubernetes.io/managed-by";

    public const string ManagedByValue = "elasticcompute-operator";

    /// <summary>
    /// CDI may garbage-collect a DataVolume once its import completed; the operator owns the disk through its
    /// DataVolume, so it opts out (a vanished DataVolume would look like drift and be re-imported).
    /// </summary>
    public const string DeleteAfterCompletionAnnotation = "cdi.kubevirt.io/storage.deleteAfterCompletion";

    /// <summary>The labels every object of a machine carries.</summary>
    public static Dictionary<string, string> For(string machineName) => new(StringComparer.Ordinal)
    {
        [Machine] = machineName,
        [ManagedBy] = ManagedByValue,
    };
}
