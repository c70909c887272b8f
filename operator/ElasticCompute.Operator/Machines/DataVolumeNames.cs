namespace ElasticCompute.Operator.Machines;

/// <summary>
/// The disk of machine <c>m</c> is the DataVolume (and PVC) <c>m-disk</c>: named after the machine, not the
/// VM, because it outlives VMs, and with a suffix so that it never collides with the VM's own name and reads
/// as what it is in <c>kubectl get pvc</c>. Machine names are DNS labels (at most 63), so the name is valid.
/// </summary>
internal static class DataVolumeNames
{
    public const string Suffix = "-disk";

    public static string For(string machineName) => machineName + Suffix;
}
