namespace ElasticCompute.DevCluster.Server.Simulation;

/// <summary>The simulated world: physical nodes, storage pools, and how fast KubeVirt and CDI move things along.</summary>
public sealed record SimulationOptions
{
    public int Nodes { get; init; } = 3;

    /// <summary>Cores per node (status.capacity.cpu).</summary>
    public int NodeCpu { get; init; } = 16;

    public string NodeMemory { get; init; } = "64Gi";

    public int NodePods { get; init; } = 110;

    /// <summary>The label that names a node's pool; node i gets <see cref="Pools"/>[i % count].</summary>
    public string PoolLabel { get; init; } = "elasticcompute.io/pool";

    public IReadOnlyList<string> Pools { get; init; } = ["general"];

    public IReadOnlyList<SimulatedStorageClass> StorageClasses { get; init; } = [new("standard", "2Ti", IsDefault: true)];

    /// <summary>Each of the VMI's Pending -> Scheduling -> Scheduled -> Running steps (and its shutdown).</summary>
    public TimeSpan VmiPhaseDelay { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Each step of a DataVolume import (ImportScheduled, then every progress step).</summary>
    public TimeSpan ImportStepDelay { get; init; } = TimeSpan.FromMilliseconds(300);

    /// <summary>How many progress updates an import reports before 100%.</summary>
    public int ImportSteps { get; init; } = 4;

    public TimeSpan ExpansionDelay { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Pause between boot-log lines on the serial console (zero: all at once).</summary>
    public TimeSpan ConsoleLineDelay { get; init; } = TimeSpan.Zero;

    /// <summary>
    /// Folder with KubeVirt's openAPIV3Schemas (../shared/kubevirt/crd-schemas); null serves the KubeVirt CRDs
    /// with an open schema (<c>x-kubernetes-preserve-unknown-fields</c>).
    /// </summary>
    public string? KubeVirtSchemaDirectory { get; init; }

    /// <summary>YAML files applied after the CRDs are served (for example the common cluster instancetypes from ../shared).</summary>
    public IReadOnlyList<string> SeedManifests { get; init; } = [];

    public string ImagesNamespace { get; init; } = "kubevirt-os-images";

    /// <summary>Run the VMIs as real QEMU guests; null: the simulated runtime.</summary>
    public Runtime.Qemu.QemuSettings? Qemu { get; init; }

    public IReadOnlyList<string> DataSources { get; init; } = ["ubuntu-24.04", "debian-12", "fedora-41", "centos-stream-10", "windows-2022"];
}
