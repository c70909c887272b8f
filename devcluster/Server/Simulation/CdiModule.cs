using System.Text.Json.Nodes;
using ElasticCompute.DevCluster.Server.Errors;
using ElasticCompute.DevCluster.Server.Hosting;
using ElasticCompute.DevCluster.Server.Registry;

namespace ElasticCompute.DevCluster.Server.Simulation;

/// <summary>CDI: DataVolume and DataSource CRDs, the import controller, and the OS image DataSources a cluster offers.</summary>
internal sealed class CdiModule(SimulationOptions options, Disks.IDiskFiles files) : IDevClusterModule
{
    private static readonly CrdBuilder.Column Age = new("Age", "date", ".metadata.creationTimestamp");

    public async Task StartAsync(DevClusterContext context, CancellationToken cancellationToken)
    {
        await context.ApplyCrdAsync(CrdBuilder.Crd(SimTypes.CdiGroup, "v1beta1", "DataVolume", "datavolumes", "datavolume", true,
            ["dv", "dvs"], ["all"],
            [
                new("Phase", "string", ".status.phase"),
                new("Progress", "string", ".status.progress"),
                new("Restarts", "integer", ".status.restartCount"),
                Age,
            ],
            schema: null), cancellationToken).ConfigureAwait(false);
        await context.ApplyCrdAsync(CrdBuilder.Crd(SimTypes.CdiGroup, "v1beta1", "DataSource", "datasources", "datasource", true,
            ["das"], ["all"], [Age], schema: null), cancellationToken).ConfigureAwait(false);

        await SeedDataSourcesAsync(context, cancellationToken).ConfigureAwait(false);
        var controller = new DataVolumeController(context.Registry, context.Time, options, files);
        context.RunInBackground(controller.RunAsync);
    }

    private async Task SeedDataSourcesAsync(DevClusterContext context, CancellationToken cancellationToken)
    {
        var write = new WriteOptions { FieldManager = "cdi-deployment" };
        var ns = options.ImagesNamespace;
        try
        {
            await context.Registry.CreateAsync(SimTypes.Namespaces(context.Registry), string.Empty, new JsonObject { ["metadata"] = new JsonObject { ["name"] = ns } }, write, cancellationToken).ConfigureAwait(false);
        }
        catch (ApiException e) when (e.Code == 409)
        {
        }

        var type = SimTypes.DataSources(context.Registry);
        foreach (var name in options.DataSources)
        {
            if (context.Registry.Store.Get("datasources.cdi.kubevirt.io", ns, name) is not null)
            {
                continue;
            }

            var created = await context.Registry.CreateAsync(type, ns, new JsonObject
            {
                ["metadata"] = new JsonObject
                {
                    ["name"] = name,
                    ["namespace"] = ns,
                    ["labels"] = new JsonObject { ["instancetype.kubevirt.io/default-preference"] = name.Split('-')[0] },
                },
                ["spec"] = new JsonObject { ["source"] = new JsonObject { ["pvc"] = new JsonObject { ["name"] = name, ["namespace"] = ns } } },
            }, write, cancellationToken).ConfigureAwait(false);
            var obj = created.Object;
            var status = new JsonObject { ["source"] = obj["spec"]!["source"]!.DeepClone() };
            SimJson.SetCondition(status, "Ready", "True", "Ready", "DataSource is ready to be consumed", context.Time.GetUtcNow());
            obj["status"] = status;
            await context.Registry.UpdateAsync(type, ns, name, obj, "status", write, cancellationToken).ConfigureAwait(false);
        }
    }
}
