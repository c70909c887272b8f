using System.Net;
using System.Text.Json.Nodes;
using ElasticCompute.DevCluster.Server.Controllers;
using ElasticCompute.DevCluster.Server.Errors;
using ElasticCompute.DevCluster.Server.Faults;
using ElasticCompute.DevCluster.Server.Http;
using ElasticCompute.DevCluster.Server.OpenApi;
using ElasticCompute.DevCluster.Server.Registry;
using ElasticCompute.DevCluster.Server.Patching;
using ElasticCompute.DevCluster.Server.Resources;
using ElasticCompute.DevCluster.Server.Schema;
using ElasticCompute.DevCluster.Server.Storage;
using ElasticCompute.DevCluster.Server.Strategies;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ElasticCompute.DevCluster.Server.Hosting;

/// <summary>
/// devcluster as a library: the store, the API over HTTP on loopback, and the built-in controllers.
/// Tests start it in-process on a free port; the devcluster command wraps it.
/// </summary>
public sealed class DevClusterServer : IAsyncDisposable
{
    private static readonly string[] SystemNamespaces = ["default", "kube-system", "kube-public", "kube-node-lease"];

    private readonly WebApplication app;
    private readonly CancellationTokenSource stopping = new();
    private readonly List<Task> background = [];
    private SqliteStorePersistence? persistence;

    private DevClusterServer(WebApplication app, ResourceRegistry registry, ApiHandler handler)
    {
        this.app = app;
        Registry = registry;
        Handler = handler;
    }

    /// <summary>The API's address, known once the server listens.</summary>
    public Uri Url { get; private set; } = new("http://127.0.0.1");

    public ResourceRegistry Registry { get; }

    public ApiHandler Handler { get; }

    public ObjectStore Store => Registry.Store;

    public static async Task<DevClusterServer> StartAsync(DevClusterOptions options, CancellationToken cancellationToken = default)
    {
        var persistence = options.DataDirectory is { } directory ? new SqliteStorePersistence(directory) : null;
        var store = new ObjectStore(options.Store, persistence);
        (options.Http.Faults as FaultInjector)?.Attach(store);
        var catalog = new ResourceCatalog();
        var registry = new ResourceRegistry(store, catalog, options.Time, new CustomResourceSchemas(), new RegistryPatchEngine(options.Time), admission: null, BuiltInStrategies.Create(store));
        var handler = new ApiHandler(registry, new OpenApiDocuments(catalog), options.Http);

        var listen = ListenAddress.Parse(options.Listen);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k =>
        {
            k.Listen(listen);
            k.Limits.MaxRequestBodySize = 8 * 1024 * 1024;
        });
        var app = builder.Build();
        app.UseWebSockets();
        app.Run(handler.HandleAsync);

        var server = new DevClusterServer(app, registry, handler) { persistence = persistence };
        await server.BootstrapAsync(options, cancellationToken).ConfigureAwait(false);
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.Url = new Uri(address);
        return server;
    }

    public string WriteKubeconfig(string path) => Kubeconfig.Write(Url, path);

    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync().ConfigureAwait(false);
        Store.EndAllWatches("the server is shutting down");
        await app.StopAsync(CancellationToken.None).ConfigureAwait(false);
        try
        {
            await Task.WhenAll(background).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        await app.DisposeAsync().ConfigureAwait(false);
        persistence?.Dispose();
        stopping.Dispose();
    }

    private async Task BootstrapAsync(DevClusterOptions options, CancellationToken cancellationToken)
    {
        foreach (var name in SystemNamespaces)
        {
            if (Store.Get("namespaces", string.Empty, name) is null && Registry.Catalog.TryGet(string.Empty, "v1", "namespaces", out var namespaces))
            {
                await Registry.CreateAsync(namespaces, string.Empty, new JsonObject { ["metadata"] = new JsonObject { ["name"] = name } }, WriteOptions.Default, cancellationToken).ConfigureAwait(false);
            }
        }

        var crds = new CrdController(Registry);
        background.Add(Task.Run(() => crds.RunAsync(stopping.Token), CancellationToken.None));
        background.Add(Task.Run(() => new GarbageCollector(Registry).RunAsync(stopping.Token), CancellationToken.None));
        background.Add(Task.Run(() => new NamespaceController(Registry).RunAsync(stopping.Token), CancellationToken.None));

        var context = new DevClusterContext(
            Registry,
            Handler,
            options,
            loop => background.Add(Task.Run(() => loop(stopping.Token), CancellationToken.None)),
            async (crd, token) =>
            {
                await ApplyCrdAsync(crd, token).ConfigureAwait(false);
                await crds.EstablishAsync(ObjectMeta.Name(crd), token).ConfigureAwait(false);
            });
        // Admission webhooks are part of the API server, not an option.
        IEnumerable<IDevClusterModule> modules = options.Modules.Any(m => m is Admission.AdmissionModule) ? options.Modules : [new Admission.AdmissionModule(), .. options.Modules];
        foreach (var module in modules)
        {
            await module.StartAsync(context, cancellationToken).ConfigureAwait(false);
        }

        foreach (var directory in options.CrdDirectories)
        {
            foreach (var file in Directory.GetFiles(directory, "*.yaml").Order(StringComparer.Ordinal))
            {
                foreach (var document in YamlJson.ReadAll(await File.ReadAllTextAsync(file, cancellationToken).ConfigureAwait(false)))
                {
                    if (document is JsonObject crd && (string?)crd["kind"] == "CustomResourceDefinition")
                    {
                        await ApplyCrdAsync(crd, cancellationToken).ConfigureAwait(false);
                        await crds.EstablishAsync(ObjectMeta.Name(crd), cancellationToken).ConfigureAwait(false);
                    }
                }
            }
        }
    }

    /// <summary>Creates the CRD, or replaces its spec when it exists (a restart with newer CRDs).</summary>
    private async Task ApplyCrdAsync(JsonObject crd, CancellationToken cancellationToken)
    {
        Registry.Catalog.TryGet("apiextensions.k8s.io", "v1", "customresourcedefinitions", out var type);
        var name = ObjectMeta.Name(crd);
        try
        {
            await Registry.CreateAsync(type, string.Empty, crd, WriteOptions.Default, cancellationToken).ConfigureAwait(false);
        }
        catch (ApiException e) when (e.Code == 409)
        {
            var current = Registry.GetObject(type, string.Empty, name);
            current["spec"] = crd["spec"]?.DeepClone();
            await Registry.UpdateAsync(type, string.Empty, name, current, null, WriteOptions.Default, cancellationToken).ConfigureAwait(false);
        }
    }
}
