using System.Text.Json;
using System.Text.Json.Nodes;
using ElasticCompute.DevCluster.Server.Hosting;
using ElasticCompute.DevCluster.Server.Simulation;
using ElasticCompute.Operator.Hosting;
using k8s;

namespace ElasticCompute.Operator.Tests.Integration;

/// <summary>
/// The product on one machine, as the devcluster command composes it: devcluster with our CRDs and the
/// simulated world (small nodes, so capacity runs out on purpose), and the operator in-process.
/// </summary>
public sealed class OperatorFixture : IAsyncLifetime, IDisposable
{
    public const string Group = "elasticcompute.io";
    public const string Version = "v1alpha1";
    public const string Plural = "elasticmachines";

    private readonly CancellationTokenSource stop = new();
    private readonly string folder = Path.Combine(Path.GetTempPath(), "operator-tests", Guid.NewGuid().ToString("n"));
    private Task operatorTask = Task.CompletedTask;

    public DevClusterServer Server { get; private set; } = null!;

    public Kubernetes Client { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Server = await TestDevCluster.StartAsync(nodes: 2, nodeCpu: 8, nodeMemory: "32Gi");
        Client = new Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(Server.WriteKubeconfig(Path.Combine(folder, "kubeconfig"))));
        operatorTask = Task.Run(() => OperatorHost.RunAsync(Client, new OperatorOptions { LeaderElection = false, HttpPort = null }, stop.Token));
    }

    public async Task DisposeAsync()
    {
        await stop.CancelAsync();
        try
        {
            await operatorTask;
        }
        catch (OperationCanceledException)
        {
        }

        Client.Dispose();
        await Server.DisposeAsync();
    }

    public void Dispose() => stop.Dispose();

    public async Task<string> NamespaceAsync()
    {
        var name = $"op-{Guid.NewGuid().ToString("n")[..8]}";
        await Client.CoreV1.CreateNamespaceAsync(new k8s.Models.V1Namespace { Metadata = new k8s.Models.V1ObjectMeta { Name = name } });
        return name;
    }

    public async Task CreateMachineAsync(string ns, string name, string specYaml)
    {
        var spec = DevCluster.Server.Http.YamlJson.Read(specYaml)!;
        await Client.CustomObjects.CreateNamespacedCustomObjectAsync(
            new JsonObject { ["apiVersion"] = $"{Group}/{Version}", ["kind"] = "ElasticMachine", ["metadata"] = new JsonObject { ["name"] = name }, ["spec"] = spec },
            Group, Version, ns, Plural);
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

    /// <summary>Deletes machines and waits until they are gone, so the fixture's small nodes have their room back for the tests after.</summary>
    public async Task ReleaseAsync(string ns, params string[] names)
    {
        foreach (var name in names)
        {
            await Client.CustomObjects.DeleteNamespacedCustomObjectAsync(Group, Version, ns, Plural, name);
        }

        foreach (var name in names)
        {
            await Eventually(async () => await MachineAsync(ns, name), m => m is null, $"{name} to be deleted", 60);
            await Eventually(async () => await GetAsync("kubevirt.io", "v1", ns, "virtualmachineinstances", name), v => v is null, $"{name}'s VMI to be gone", 60);
        }
    }

    public Task<JsonObject?> MachineAsync(string ns, string name) => GetAsync(Group, Version, ns, Plural, name);

    public Task<JsonObject> MachineWhereAsync(string ns, string name, Func<JsonObject, bool> condition, string what, int seconds = 30) =>
        Eventually(async () => await MachineAsync(ns, name), m => m is not null && condition(m), what, seconds)!;

    public Task PatchMachineAsync(string ns, string name, string mergePatch) =>
        Client.CustomObjects.PatchNamespacedCustomObjectAsync(new k8s.Models.V1Patch(mergePatch, k8s.Models.V1Patch.PatchType.MergePatch), Group, Version, ns, Plural, name);

    public static string? Phase(JsonObject machine) => (string?)machine["status"]?["phase"];

    public static string? Condition(JsonObject machine, string type) => ConditionField(machine, type, "status");

    public static string? ConditionReason(JsonObject machine, string type) => ConditionField(machine, type, "reason");

    public static string? ConditionMessage(JsonObject machine, string type) => ConditionField(machine, type, "message");

    private static string? ConditionField(JsonObject machine, string type, string field) =>
        (machine["status"]?["conditions"] as JsonArray)?.FirstOrDefault(c => (string?)c?["type"] == type)?[field]?.ToString();

    public static async Task<T> Eventually<T>(Func<Task<T>> read, Func<T, bool> done, string what, int seconds = 30)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        T last;
        do
        {
            last = await read();
            if (done(last))
            {
                return last;
            }

            await Task.Delay(25);
        }
        while (DateTime.UtcNow < deadline);

        throw new TimeoutException($"timed out waiting for {what}; last: {Describe(last)}");
    }

    private static string? Describe(object? value) => value switch
    {
        JsonNode node => node.ToJsonString(),
        System.Collections.IEnumerable items and not string => "[" + string.Join(", ", items.Cast<object?>().Select(Describe)) + "]",
        _ => value?.ToString(),
    };

    public static JsonObject Json(object response) => JsonNode.Parse(((JsonElement)response).GetRawText())!.AsObject();
}
