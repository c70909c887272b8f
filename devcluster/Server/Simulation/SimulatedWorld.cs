using ElasticCompute.DevCluster.Server.Hosting;
using ElasticCompute.DevCluster.Server.Simulation.Disks;
using ElasticCompute.DevCluster.Server.Simulation.Runtime.Qemu;

namespace ElasticCompute.DevCluster.Server.Simulation;

/// <summary>
/// The physical world devcluster pretends to run on: nodes, storage, KubeVirt and CDI, as modules to pass
/// to <see cref="DevClusterOptions.Modules"/> in this order (later ones use what earlier ones serve). With
/// <see cref="SimulationOptions.Qemu"/> the VMIs are real QEMU guests booting qcow2 files that back the volumes.
/// </summary>
public static class SimulatedWorld
{
    public static IReadOnlyList<IDevClusterModule> Modules(SimulationOptions? options = null)
    {
        options ??= new SimulationOptions();
        QemuDisks? disks = null;
        GuestImage? image = null;
        if (options.Qemu is { } qemu)
        {
            image = GuestImage.Load(qemu.GuestImageDirectory, out var problem) ?? throw new InvalidOperationException(problem);
            disks = new QemuDisks(qemu, image);
        }

        IDiskFiles files = (IDiskFiles?)disks ?? NoDiskFiles.Instance;
        return
        [
            new NodesModule(options),
            new StorageModule(options, files),
            new CdiModule(options, files),
            new KubeVirtModule(options, disks is null ? null : context => QemuRuntime(context, options.Qemu!, image!, disks)),
            new SeedManifestsModule(options),
        ];
    }

    /// <summary>The qemu runtime, its guests powered down when devcluster stops.</summary>
    private static QemuVmRuntime QemuRuntime(DevClusterContext context, QemuSettings settings, GuestImage image, QemuDisks disks)
    {
        var runtime = new QemuVmRuntime(settings, image, disks, context.Registry, context.Time);
        context.RunInBackground(async stopping =>
        {
            try
            {
                await Task.Delay(Timeout.Infinite, stopping).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                await runtime.DisposeAsync().ConfigureAwait(false);
            }
        });
        return runtime;
    }
}
