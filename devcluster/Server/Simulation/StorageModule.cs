using System.Text.Json.Nodes;
using ElasticCompute.DevCluster.Server.Errors;
using ElasticCompute.DevCluster.Server.Hosting;
using ElasticCompute.DevCluster.Server.Registry;

namespace ElasticCompute.DevCluster.Server.Simulation;

/// <summary>Storage classes backed by capacity-limited pools, and the provisioner that binds and expands claims.</summary>
internal sealed class StorageModule(SimulationOptions options, Disks.IDiskFiles files) : IDevClusterModule
{
    public const string Provisioner = "devcluster.io/hostpath";
    public const string CapacityAnnotation = "devcluster.io/pool-capacity";
    public const string DefaultClassAnnotation = "storageclass.kubernetes.io/is-default-class";

    public async Task StartAsync(DevClusterContext context, CancellationToken cancellationToken)
    {
        var classes = SimTypes.StorageClasses(context.Registry);
        foreach (var sc in options.StorageClasses)
        {
            var annotations = new JsonObject { [CapacityAnnotation] = sc.Capacity };
            if (sc.IsDefault)
            {
                annotations[DefaultClassAnnotation] = "true";
            }

            var obj = new JsonObject
            {
                ["metadata"] = new JsonObject { ["name"] = sc.Name, ["annotations"] = annotations },
                ["provisioner"] = Provisioner,
                ["reclaimPolicy"] = "Delete",
                ["volumeBindingMode"] = "Immediate",
                ["allowVolumeExpansion"] = true,
            };
            try
            {
                await context.Registry.CreateAsync(classes, string.Empty, obj, new WriteOptions { FieldManager = "devcluster" }, cancellationToken).ConfigureAwait(false);
            }
            catch (ApiException e) when (e.Code == 409)
            {
            }
        }

        var controller = new PersistentVolumeClaimController(context.Registry, context.Time, options, files);
        context.RunInBackground(controller.RunAsync);
    }
}
