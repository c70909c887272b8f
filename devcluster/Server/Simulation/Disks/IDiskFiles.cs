namespace ElasticCompute.DevCluster.Server.Simulation.Disks;

/// <summary>
/// What backs the simulated storage's volumes: nothing (the simulated runtime), or a qcow2 file per PersistentVolume
/// that real guests boot (the qemu runtime). The storage controllers call it as volumes are imported, grown and reclaimed.
/// </summary>
internal interface IDiskFiles
{
    /// <summary>Null when a DataVolume may import from this source; else why it cannot (no local image of it).</summary>
    /// <param name="imageName">The DataSource's or source PVC's name; null for a network source (http, registry).</param>
    /// <param name="source">The source as a message names it, for example "DataSource kubevirt-os-images/fedora-41".</param>
    string? MissingImage(string? imageName, string source);

    /// <summary>Makes the volume's file if it has none: blank, or over the guest image.</summary>
    ValueTask CreateAsync(string volume, long bytes, bool fromImage, CancellationToken cancellationToken);

    /// <summary>Grows the volume (online when a guest has it open).</summary>
    ValueTask GrowAsync(string volume, long bytes, CancellationToken cancellationToken);

    /// <summary>The volume was reclaimed: its file goes.</summary>
    ValueTask DeleteAsync(string volume, CancellationToken cancellationToken);
}
