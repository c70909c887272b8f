using System.Text.Json.Nodes;
using ElasticCompute.DevCluster.Server.Faults;
using ElasticCompute.DevCluster.Server.Hosting;
using ElasticCompute.DevCluster.Server.Http;
using ElasticCompute.DevCluster.Server.Simulation;
using ElasticCompute.Operator.Hosting;
using k8s;
using static ElasticCompute.Operator.Tests.Integration.OperatorFixture;

namespace ElasticCompute.Operator.Tests.Integration;

/// <summary>
/// Like <see cref="OperatorFixture"/>, with a fault injector in front of the API (and a log of the writes it
/// sees), roomier nodes, and operators the tests start and stop themselves (crashes, restarts, leader election).
/// One operator without leader election runs from the start; <see cref="ReplaceDefaultOperatorAsync"/> restarts it.
/// </summary>
public sealed class FaultClusterFixture : IAsyncLifetime
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), "operator-fault-tests", Guid.NewGuid().ToString("n"));
    private readonly List<OperatorInstance> instances = [];
    private string kubeconfig = string.Empty;

    public FaultInjector Faults { get; } = new();

    public WriteLog Writes { get; private set; } = null!;

    public DevClusterServer Server { get; private set; } = null!;

    public Kubernetes Client { get; private set; } = null!;

    /// <summary>The operator without leader election that runs unless a test stopped it.</summary>
    public OperatorInstance? DefaultOperator { get; private set; }

    /// <summary>The kubeconfig of this cluster (for clients run as their own process).</summary>
    public string Kubeconfig => kubeconfig;

    public static OperatorOptions SingleOperator => new() { LeaderElection = false, HttpPort = null };

    public async Task InitializeAsync()
    {
        Writes = new WriteLog(Faults);
        Server = await TestDevCluster.StartAsync(nodes: 3, nodeCpu: 16, nodeMemory: "64Gi", new ApiHandlerOptions { Faults = Writes });

        // The server attaches only a FaultInjector it was given directly; this one sits behind the log.
        Faults.Attach(Server.Store);
        kubeconfig = Server.WriteKubeconfig(Path.Combine(folder, "kubeconfig"));
        Client = new Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(kubeconfig));
        DefaultOperator = StartOperator(SingleOperator);
    }

    public async Task DisposeAsync()
    {
        Faults.Reset();
        foreach (var instance in instances)
        {
            await instance.DisposeAsync();
        }

        Client.Dispose();
        await Server.DisposeAsync();
    }

    /// <summary>Starts another operator process against this cluster; stopped at the latest when the fixture goes.</summary>
    public OperatorInstance StartOperator(OperatorOptions options)
    {
        var instance = new OperatorInstance(kubeconfig, options);
        lock (instances)
        {
            instances.Add(instance);
        }

        return instance;
    }

    /// <summary>Stops the default operator (a test wants the cluster to itself), returning it stopped.</summary>
    public async Task StopDefaultOperatorAsync()
    {
        if (DefaultOperator is { } current)
        {
            await current.StopAsync();
        }
    }

    /// <summary>Makes sure a default operator runs again (after a test stopped it).</summary>
    public void EnsureDefaultOperator()
    {
        if (DefaultOperator is null || DefaultOperator.Stopped)
        {
            DefaultOperator = StartOperator(SingleOperator);
        }
    }

    /// <summary>Stops the default operator and starts a fresh one: a restart of the operator process.</summary>
    public async Task<OperatorInstance> ReplaceDefaultOperatorAsync()
    {
        await StopDefaultOperatorAsync();
        DefaultOperator = StartOperator(SingleOperator);
        return DefaultOperator;
    }

    public async Task<string> NamespaceAsync()
    {
        var name = $"flt-{Guid.NewGuid().ToString("n")[..8]}";
        await Client.CoreV1.CreateNamespaceAsync(new k8s.Models.V1Namespace { Metadata = new k8s.Models.V1ObjectMeta { Name = name } });
        return name;
    }

    public async Task CreateMachineAsync(string ns, string name, string specYaml, IDictionary<string, string>? annotations = null)
    {
        var metadata = new JsonObject { ["name"] = name };
        if (annotations is not null)
        {
            metadata["annotations"] = new JsonObject(annotations.Select(a => KeyValuePair.Create(a.Key, (JsonNode?)a.Value)));
        }

        await Client.CustomObjects.CreateNamespacedCustomObjectAsync(
            new JsonObject { ["apiVersion"] = $"{Group}/{OperatorFixture.Version}", ["kind"] = "ElasticMachine", ["metadata"] = metadata, ["spec"] = YamlJson.Read(specYaml)! },
            Group, OperatorFixture.Version, ns, Plural);
    }

    public async Task<JsonObject?> GetAsync(string group, string version, string ns, string plural, string name)
    {
        try
        {
            return Json(await Client.CustomObjects.GetNamespacedCustomObjectAsync(group, version, ns, plural, name));
        }
        catch (k8s.Autorest.HttpOperationException e) when (e.Response.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    public Task<JsonObject?> MachineAsync(string ns, string name) => GetAsync(Group, OperatorFixture.Version, ns, Plural, name);

    public Task<JsonObject> MachineWhereAsync(string ns, string name, Func<JsonObject, bool> condition, string what, int seconds = 30) =>
        Eventually(async () => await MachineAsync(ns, name), m => m is not null && condition(m), what, seconds)!;

    public Task<JsonObject> RunningAsync(string ns, string name, int seconds = 30) =>
        MachineWhereAsync(ns, name, m => Phase(m) == "Running" && Condition(m, "Ready") == "True", $"{ns}/{name} to be Running and Ready", seconds);

    /// <summary>A merge patch without resourceVersion, as a person makes it (the API re-applies it on a write race).</summary>
    public Task PatchMachineAsync(string ns, string name, string mergePatch) =>
        Client.CustomObjects.PatchNamespacedCustomObjectAsync(new k8s.Models.V1Patch(mergePatch, k8s.Models.V1Patch.PatchType.MergePatch), Group, OperatorFixture.Version, ns, Plural, name);

    /// <summary>The names of the objects of a kind that carry the machine's label.</summary>
    public async Task<string[]> NamesByMachineAsync(string group, string version, string ns, string plural, string machine)
    {
        var list = Json(await Client.CustomObjects.ListNamespacedCustomObjectAsync(group, version, ns, plural, labelSelector: $"elasticcompute.io/machine={machine}"));
        return [.. list["items"]!.AsArray().Select(i => (string)i!["metadata"]!["name"]!)];
    }

    public Task<string[]> DataVolumesOfAsync(string ns, string machine) => NamesByMachineAsync("cdi.kubevirt.io", "v1beta1", ns, "datavolumes", machine);

    public Task<string[]> VirtualMachinesOfAsync(string ns, string machine) => NamesByMachineAsync("kubevirt.io", "v1", ns, "virtualmachines", machine);

    /// <summary>Asserts the machine has exactly its one DataVolume and one VirtualMachine (no duplicates, no orphans).</summary>
    public async Task AssertOneOfEachAsync(string ns, string machine)
    {
        var dvs = await DataVolumesOfAsync(ns, machine);
        var vms = await VirtualMachinesOfAsync(ns, machine);
        Assert.True(dvs.SequenceEqual([$"{machine}-disk"]), $"{machine}: expected exactly the DataVolume {machine}-disk, found [{string.Join(", ", dvs)}]");
        Assert.True(vms.SequenceEqual([machine]), $"{machine}: expected exactly the VirtualMachine {machine}, found [{string.Join(", ", vms)}]");
    }
}
