using System.Text.Json.Nodes;
using ElasticCompute.DevCluster.Server.Hosting;
using ElasticCompute.DevCluster.Server.Http;
using ElasticCompute.DevCluster.Server.Registry;
using ElasticCompute.DevCluster.Server.Resources;
using ElasticCompute.DevCluster.Server.Simulation;
using ElasticCompute.DevCluster.Server.Simulation.Runtime;
using Microsoft.Extensions.Time.Testing;

namespace ElasticCompute.DevCluster.Tests.Simulation;

/// <summary>A devcluster with the simulated world, on a fake clock; <see cref="UntilAsync"/> advances it until a condition holds.</summary>
internal sealed class SimCluster : IAsyncDisposable
{
    private static readonly TimeSpan Step = TimeSpan.FromMilliseconds(50);

    private SimCluster(DevClusterServer server, FakeTimeProvider time)
    {
        Server = server;
        Time = time;
    }

    public DevClusterServer Server { get; }

    public FakeTimeProvider Time { get; }

    public ResourceRegistry Registry => Server.Registry;

    /// <param name="runtime">What runs the guests instead of the simulated runtime.</param>
    public static async Task<SimCluster> StartAsync(SimulationOptions? options = null, IVmRuntime? runtime = null)
    {
        options ??= new SimulationOptions();
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var modules = SimulatedWorld.Modules(options);
        var server = await DevClusterServer.StartAsync(new DevClusterOptions
        {
            Listen = "127.0.0.1:0",
            Time = time,
            Modules = runtime is null ? modules : [.. modules.Select(m => m is KubeVirtModule ? new KubeVirtModule(options, _ => runtime) : m)],
        });
        return new SimCluster(server, time);
    }

    public ResourceType Type(string group, string version, string plural)
    {
        Assert.True(Registry.Catalog.TryGet(group, version, plural, out var type), $"{plural}.{group} is served");
        return type;
    }

    public ResourceType Vms => Type("kubevirt.io", "v1", "virtualmachines");

    public ResourceType Vmis => Type("kubevirt.io", "v1", "virtualmachineinstances");

    public ResourceType Pvcs => Type(string.Empty, "v1", "persistentvolumeclaims");

    public ResourceType Services => Type(string.Empty, "v1", "services");

    public ResourceType DataVolumes => Type("cdi.kubevirt.io", "v1beta1", "datavolumes");

    public async Task<JsonObject> CreateAsync(ResourceType type, string yaml, string ns = "default", WriteOptions? options = null) =>
        (await Registry.CreateAsync(type, type.Namespaced ? ns : string.Empty, YamlJson.Read(yaml)!.AsObject(), options ?? WriteOptions.Default)).Object;

    public JsonObject? Find(ResourceType type, string name, string ns = "default") =>
        Registry.Store.Get(ResourceCatalog.StorageKey(type), type.Namespaced ? ns : string.Empty, name) is { } stored ? ResourceRegistry.Parse(stored) : null;

    /// <summary>Read-modify-write of an object's spec (retrying when a controller wrote in between).</summary>
    public async Task EditAsync(ResourceType type, string name, Action<JsonObject> edit, string ns = "default")
    {
        for (var attempt = 0; ; attempt++)
        {
            var obj = Registry.GetObject(type, ns, name);
            edit(obj);
            try
            {
                await Registry.UpdateAsync(type, ns, name, obj, null, WriteOptions.Default);
                return;
            }
            catch (ElasticCompute.DevCluster.Server.Errors.ApiException e) when (e.Code == 409 && attempt < 10)
            {
            }
        }
    }

    /// <summary>Advances the fake clock in small steps, letting the controllers run, until <paramref name="condition"/> holds.</summary>
    public async Task<T> UntilAsync<T>(Func<T?> probe, Func<T, bool> condition, string what, int maxSteps = 400)
        where T : class
    {
        T? last = null;
        for (var i = 0; i < maxSteps; i++)
        {
            // Let the background loops drain what is ready before time moves on.
            for (var spin = 0; spin < 5; spin++)
            {
                last = probe();
                if (last is not null && condition(last))
                {
                    return last;
                }

                await Task.Delay(5);
            }

            Time.Advance(Step);
        }

        Assert.Fail($"timed out waiting for {what}; last seen: {last}");
        return null!;
    }

    public Task<JsonObject> UntilAsync(ResourceType type, string name, Func<JsonObject, bool> condition, string what, string ns = "default") =>
        UntilAsync(() => Find(type, name, ns), condition, what);

    public static string? Str(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    public static string? Condition(JsonObject obj, string type, string field = "status") =>
        Str((obj["status"]?["conditions"] as JsonArray)?.OfType<JsonObject>().FirstOrDefault(c => Str(c["type"]) == type)?[field]);

    public ValueTask DisposeAsync() => Server.DisposeAsync();
}
