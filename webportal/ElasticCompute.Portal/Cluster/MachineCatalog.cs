using System.Globalization;
using System.Security.Cryptography;
using ElasticCompute.Api.Machines;
using ElasticCompute.Portal.Hosting;
using ElasticCompute.Runtime.Informers;
using k8s;

namespace ElasticCompute.Portal.Cluster;

/// <summary>
/// Every ElasticMachine, from one list+watch per portal process (the controller runtime's shared informer), so a page
/// of 500 machines is read from memory and 500 open live pages cost one watch. Pages render from here; live pages
/// subscribe to its changes. Each change gets a number in this process; the last <see cref="Remembered"/> are kept so
/// a page rendered a moment before it subscribed (or reconnecting) is sent what it missed, never a gap.
/// </summary>
internal sealed class MachineCatalog : BackgroundService, IResourceHandler<ElasticMachine>
{
    public const int Remembered = 4096;

    private readonly IRunnableInformer<ElasticMachine> informer;
    private readonly PortalOptions options;
    private readonly Lock gate = new();
    private readonly MachineChange?[] recent = new MachineChange?[Remembered];
    private readonly Dictionary<string, List<MachineSubscription>> subscribers = new(StringComparer.Ordinal);
    private long sequence;

    public MachineCatalog(ClusterClients clients, PortalOptions options, ILogger<MachineCatalog> log)
    {
        ArgumentNullException.ThrowIfNull(clients);
        this.options = options;
        var client = clients.Portal as Kubernetes ?? throw new ArgumentException("the portal's client must be a Kubernetes client (its HTTP pipeline is used for the watch)", nameof(clients));
        informer = Informer.Create<ElasticMachine>(client, new InformerOptions(), options.Time, log);
        informer.AddEventHandler(this);
    }

    /// <summary>Names this process in event ids: another replica's numbers mean nothing here.</summary>
    public string Instance { get; } = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));

    /// <summary>The number of the last change seen; a page rendered now is current up to it.</summary>
    public long Sequence
    {
        get
        {
            lock (gate)
            {
                return sequence;
            }
        }
    }

    /// <summary>False while the watch has been failing for a while: what pages show may be out of date.</summary>
    public bool IsCurrent => informer.HasSynced && informer.IsWatchHealthy(TimeSpan.FromSeconds(10));

    /// <summary>Open live pages, of one tenant or of all.</summary>
    public int Subscribers(string? @namespace = null)
    {
        lock (gate)
        {
            return @namespace is null ? subscribers.Values.Sum(s => s.Count) : subscribers.TryGetValue(@namespace, out var list) ? list.Count : 0;
        }
    }

    /// <summary>A tenant's machines in name order.</summary>
    public async Task<IReadOnlyList<ElasticMachine>> ListAsync(string @namespace, CancellationToken cancellationToken)
    {
        await WaitForSyncAsync(cancellationToken).ConfigureAwait(false);
        var list = informer.Cache.List(@namespace).ToArray();
        Array.Sort(list, static (a, b) => string.CompareOrdinal(a.Metadata.Name, b.Metadata.Name));
        return list;
    }

    /// <summary>Every tenant's machines (admins' capacity and tenants pages).</summary>
    public async Task<IReadOnlyList<ElasticMachine>> ListAllAsync(CancellationToken cancellationToken)
    {
        await WaitForSyncAsync(cancellationToken).ConfigureAwait(false);
        return informer.Cache.List();
    }

    /// <summary>
    /// Follows a tenant (or one machine of it) from <paramref name="since"/>, the event id the page was rendered at or
    /// last received. Changes after it that are still remembered are replayed; an id from another process or older
    /// than what is remembered asks the page to read itself again.
    /// </summary>
    public MachineSubscription Subscribe(string @namespace, string? machine, string? since)
    {
        lock (gate)
        {
            var missed = new List<MachineChange>();
            var resync = false;
            if (since is not null)
            {
                if (TryParseId(since, out var from) && from <= sequence && sequence - from < Remembered)
                {
                    for (var n = from + 1; n <= sequence; n++)
                    {
                        missed.Add(recent[n % Remembered]!);
                    }
                }
                else
                {
                    resync = true;
                }
            }

            var subscription = new MachineSubscription(@namespace, machine, Unsubscribe)
            {
                MustResync = resync,
                Missed = missed.Where(c => MachineSubscription.Matches(@namespace, machine, c)).ToArray(),
            };
            if (!subscribers.TryGetValue(@namespace, out var list))
            {
                subscribers[@namespace] = list = [];
            }

            list.Add(subscription);
            return subscription;
        }
    }

    /// <summary>The id a browser sends back as Last-Event-ID when it reconnects: this process and the change's number.</summary>
    public string IdOf(long change) => string.Create(CultureInfo.InvariantCulture, $"{Instance}.{change}");

    public void OnAdd(ElasticMachine obj) => Publish(obj, obj);

    public void OnUpdate(ElasticMachine oldObj, ElasticMachine newObj) => Publish(newObj, newObj);

    public void OnDelete(ElasticMachine obj) => Publish(obj, null);

    protected override Task ExecuteAsync(CancellationToken stoppingToken) => informer.RunAsync(stoppingToken);

    private bool TryParseId(string id, out long change)
    {
        change = 0;
        var dot = id.LastIndexOf('.');
        return dot > 0
            && id.AsSpan(0, dot).SequenceEqual(Instance)
            && long.TryParse(id.AsSpan(dot + 1), NumberStyles.None, CultureInfo.InvariantCulture, out change);
    }

    private async Task WaitForSyncAsync(CancellationToken cancellationToken)
    {
        if (informer.HasSynced)
        {
            return;
        }

        try
        {
            await informer.WaitForSyncAsync(cancellationToken).WaitAsync(options.ClusterTimeout, options.Time, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"the machines were not listed within {options.ClusterTimeout.TotalSeconds:0} s", e);
        }
    }

    private void Publish(ElasticMachine obj, ElasticMachine? now)
    {
        MachineSubscription[] targets;
        MachineChange change;
        lock (gate)
        {
            change = new MachineChange(++sequence, obj.Metadata.NamespaceProperty ?? string.Empty, obj.Metadata.Name, now);
            recent[change.Sequence % Remembered] = change;
            targets = subscribers.TryGetValue(change.Namespace, out var list) ? [.. list] : [];
        }

        foreach (var subscription in targets)
        {
            if (subscription.Wants(change))
            {
                subscription.Offer(change);
            }
        }
    }

    private void Unsubscribe(MachineSubscription subscription)
    {
        lock (gate)
        {
            if (subscribers.TryGetValue(subscription.Namespace, out var list) && list.Remove(subscription) && list.Count == 0)
            {
                subscribers.Remove(subscription.Namespace);
            }
        }
    }
}
