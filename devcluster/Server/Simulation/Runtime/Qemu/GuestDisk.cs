namespace ElasticCompute.DevCluster.Server.Simulation.Runtime.Qemu;

/// <summary>A disk of the guest: the VMI's volume name (QEMU's drive id is derived from it) and its qcow2 file.</summary>
internal sealed record GuestDisk(string Volume, string File)
{
    /// <summary>QEMU ids allow letters, digits, '-', '.', '_' and must start with a letter.</summary>
    public string DriveId => "disk-" + new string(Volume.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_' ? c : '_').ToArray());
}
