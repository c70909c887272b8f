using System.Globalization;
using System.Text.Json.Nodes;
using ElasticCompute.DevCluster.Server.Errors;
using ElasticCompute.DevCluster.Server.Hosting;
using ElasticCompute.DevCluster.Server.Registry;

namespace ElasticCompute.DevCluster.Server.Simulation;

/// <summary>The physical machines: Ready nodes with capacity, a pool label and addresses, as kubelets would register them.</summary>
internal sealed class NodesModule(SimulationOptions options) : IDevClusterModule
{
    public static string NodeName(int index) => $"devcluster-node-{index + 1}";

    public async Task StartAsync(DevClusterContext context, CancellationToken cancellationToken)
    {
        var nodes = SimTypes.Nodes(context.Registry);
        var now = ObjectMeta.Timestamp(context.Time.GetUtcNow());
        for (var i = 0; i < options.Nodes; i++)
        {
            var name = NodeName(i);
            if (context.Registry.Store.Get("nodes", string.Empty, name) is { } stored)
            {
                await AddExternalAddressAsync(context, nodes, ResourceRegistry.Parse(stored), cancellationToken).ConfigureAwait(false);
                continue;
            }

            var resources = new JsonObject
            {
                ["cpu"] = options.NodeCpu.ToString(CultureInfo.InvariantCulture),
                ["memory"] = options.NodeMemory,
                ["pods"] = options.NodePods.ToString(CultureInfo.InvariantCulture),
                ["ephemeral-storage"] = "100Gi",
                ["devices.kubevirt.io/kvm"] = "1k",
            };
            var node = new JsonObject
            {
                ["metadata"] = new JsonObject
                {
                    ["name"] = name,
                    ["labels"] = new JsonObject
                    {
                        ["kubernetes.io/hostname"] = name,
                        ["kubernetes.io/os"] = "linux",
                        ["kubernetes.io/arch"] = "amd64",
                        ["kubevirt.io/schedulable"] = "true",
                        [options.PoolLabel] = options.Pools.Count == 0 ? "general" : options.Pools[i % options.Pools.Count],
                    },
                },
                ["spec"] = new JsonObject { ["podCIDR"] = $"10.244.{i}.0/24", ["podCIDRs"] = new JsonArray($"10.244.{i}.0/24") },
                ["status"] = new JsonObject
                {
                    ["capacity"] = resources,
                    ["allocatable"] = resources.DeepClone(),
                    ["conditions"] = new JsonArray(
                        Condition("MemoryPressure", "False", "KubeletHasSufficientMemory", "kubelet has sufficient memory available", now),
                        Condition("DiskPressure", "False", "KubeletHasNoDiskPressure", "kubelet has no disk pressure", now),
                        Condition("PIDPressure", "False", "KubeletHasSufficientPID", "kubelet has sufficient PID available", now),
                        Condition("Ready", "True", "KubeletReady", "kubelet is posting ready status", now)),
                    ["addresses"] = new JsonArray(
                        new JsonObject { ["type"] = "InternalIP", ["address"] = $"192.168.122.{10 + i}" },
                        ExternalAddress(),
                        new JsonObject { ["type"] = "Hostname", ["address"] = name }),
                    ["nodeInfo"] = new JsonObject
                    {
                        ["machineID"] = Guid.NewGuid().ToString("N"),
                        ["systemUUID"] = Guid.NewGuid().ToString(),
                        ["bootID"] = Guid.NewGuid().ToString(),
                        ["kernelVersion"] = "6.8.0-devcluster",
                        ["osImage"] = "Ubuntu 24.04 LTS",
                        ["containerRuntimeVersion"] = "containerd://1.7.24",
                        ["kubeletVersion"] = "v1.32.0",
                        ["kubeProxyVersion"] = "v1.32.0",
                        ["operatingSystem"] = "linux",
                        ["architecture"] = "amd64",
                    },
                },
            };
            try
            {
                await context.Registry.CreateAsync(nodes, string.Empty, node, new WriteOptions { FieldManager = "kubelet" }, cancellationToken).ConfigureAwait(false);
            }
            catch (ApiException e) when (e.Code == 409)
            {
            }
        }
    }

    /// <summary>Every simulated node is this host: its node ports answer on loopback, so that is where clients connect.</summary>
    private static JsonObject ExternalAddress() => new() { ["type"] = "ExternalIP", ["address"] = Services.ServiceController.NodeAddress.ToString() };

    /// <summary>A node registered before nodes had an ExternalIP (a data folder from an older devcluster) gets one.</summary>
    private static async Task AddExternalAddressAsync(DevClusterContext context, Resources.ResourceType nodes, JsonObject node, CancellationToken cancellationToken)
    {
        if (node["status"]?["addresses"] is not JsonArray addresses || addresses.Any(a => SimJson.Str(a?["type"]) == "ExternalIP"))
        {
            return;
        }

        addresses.Add(ExternalAddress());
        await context.Registry.UpdateAsync(nodes, string.Empty, ObjectMeta.Name(node), node, "status", new WriteOptions { FieldManager = "kubelet" }, cancellationToken).ConfigureAwait(false);
    }

    private static JsonObject Condition(string type, string status, string reason, string message, string now) => new()
    {
        ["type"] = type,
        ["status"] = status,
        ["reason"] = reason,
        ["message"] = message,
        ["lastHeartbeatTime"] = now,
        ["lastTransitionTime"] = now,
    };
}
