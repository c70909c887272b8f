using System.IO.Pipelines;
using System.Net;
using System.Text;
using ElasticCompute.Api.Machines;
using ElasticCompute.Portal.Cluster;
using k8s;
using k8s.Models;

namespace ElasticCompute.Portal.Tests.Live;

/// <summary>
/// An API server of ElasticMachines in a handler: a list of what <see cref="Seed"/> holds, then one open watch the
/// test writes events into; or failing watches. Lets the portal's catalog be tested without a cluster or sleeps.
/// </summary>
internal sealed class FakeMachineApi : DelegatingHandler
{
    private readonly Lock gate = new();
    private Pipe? watch;
    private long resourceVersion = 1;

    public List<ElasticMachine> Seed { get; } = [];

    public volatile bool FailWatches;

    public int Watches { get; private set; }

    public static ElasticMachine Machine(string ns, string name, MachinePhase? phase = null) => new()
    {
        ApiVersion = $"{ElasticMachine.KubeGroup}/{ElasticMachine.KubeApiVersion}",
        Kind = ElasticMachine.KubeKind,
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = ns, Uid = Guid.NewGuid().ToString(), Generation = 1 },
        Spec = new ElasticMachineSpec { Cpu = 1, Memory = "1Gi" },
        Status = phase is { } p ? new ElasticMachineStatus { Phase = p, ObservedGeneration = 1 } : null,
    };

    public StreamingKubernetes Client() => new(new KubernetesClientConfiguration { Host = "http://fake.invalid" }, this);

    /// <summary>Sends one watch event (ADDED, MODIFIED, DELETED) on the open watch.</summary>
    public async Task SendAsync(string type, ElasticMachine machine)
    {
        Pipe pipe;
        lock (gate)
        {
            pipe = watch ?? throw new InvalidOperationException("no watch is open yet");
            machine.Metadata.ResourceVersion = (++resourceVersion).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        var line = $"{{\"type\":\"{type}\",\"object\":{KubernetesJson.Serialize(machine)}}}\n";
        await pipe.Writer.WriteAsync(Encoding.UTF8.GetBytes(line));
        await pipe.Writer.FlushAsync();
    }

    public bool WatchOpen
    {
        get
        {
            lock (gate)
            {
                return watch is not null;
            }
        }
    }

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var query = request.RequestUri!.Query;
        if (query.Contains("watch=true", StringComparison.Ordinal))
        {
            if (FailWatches)
            {
                return Task.FromResult(new HttpResponseMessage(HttpStatusCode.InternalServerError)
                {
                    Content = new StringContent("""{"kind":"Status","apiVersion":"v1","status":"Failure","code":500,"message":"injected"}""", Encoding.UTF8, "application/json"),
                });
            }

            var pipe = new Pipe();
            lock (gate)
            {
                watch?.Writer.Complete();
                watch = pipe;
                Watches++;
            }

            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = new StreamContent(pipe.Reader.AsStream()) });
        }

        string items;
        lock (gate)
        {
            items = string.Join(",", Seed.Select(m =>
            {
                m.Metadata.ResourceVersion ??= "1";
                return KubernetesJson.Serialize(m);
            }));
        }

        var list = $"{{\"kind\":\"ElasticMachineList\",\"apiVersion\":\"{ElasticMachine.KubeGroup}/{ElasticMachine.KubeApiVersion}\",\"metadata\":{{\"resourceVersion\":\"{resourceVersion}\"}},\"items\":[{items}]}}";
        return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(list, Encoding.UTF8, "application/json") });
    }

    /// <summary>Ends the open watch, as a server restart would.</summary>
    public void EndWatch()
    {
        lock (gate)
        {
            watch?.Writer.Complete();
            watch = null;
        }
    }
}
