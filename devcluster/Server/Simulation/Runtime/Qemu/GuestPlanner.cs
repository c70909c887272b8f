using System.Text;
using System.Text.Json.Nodes;
using ElasticCompute.DevCluster.Server.Registry;

namespace ElasticCompute.DevCluster.Server.Simulation.Runtime.Qemu;

/// <summary>
/// Reads what a VMI asks for into a <see cref="GuestPlan"/>: topology and memory from its domain, disks from its
/// DataVolume and PersistentVolumeClaim volumes (the claim's PersistentVolume names the file), the seed from its
/// cloudInitNoCloud volume (inline, base64 or from a Secret) and the keys of its accessCredentials.
/// </summary>
internal sealed class GuestPlanner(ResourceRegistry registry, QemuDisks disks)
{
    public async Task<GuestPlan> PlanAsync(JsonObject vmi, CancellationToken cancellationToken)
    {
        var key = VmiKey.Of(vmi);
        var spec = vmi["spec"];
        var domain = spec?["domain"];
        var cpu = domain?["cpu"];
        var memory = SimJson.Quantity(domain?["memory"]?["guest"] ?? domain?["resources"]?["requests"]?["memory"]);
        var maxMemory = domain?["memory"]?["maxGuest"] is { } max ? (long)SimJson.Quantity(max) : (long?)null;
        var volumes = (spec?["volumes"] as JsonArray)?.OfType<JsonObject>().ToDictionary(v => SimJson.Str(v["name"]) ?? string.Empty, StringComparer.Ordinal) ?? [];
        var diskOrder = (domain?["devices"]?["disks"] as JsonArray)?.OfType<JsonObject>()
            .OrderBy(d => SimJson.Int(d["bootOrder"], int.MaxValue)).Select(d => SimJson.Str(d["name"]) ?? string.Empty).ToList() ?? [];
        foreach (var name in volumes.Keys.Where(n => !diskOrder.Contains(n)))
        {
            diskOrder.Add(name);
        }

        var files = new List<GuestDisk>();
        string? userData = null;
        foreach (var name in diskOrder)
        {
            if (!volumes.TryGetValue(name, out var volume))
            {
                continue;
            }

            if (volume["cloudInitNoCloud"] is JsonObject noCloud)
            {
                userData = UserData(key.Namespace, noCloud);
                continue;
            }

            var claim = SimJson.Str(volume["dataVolume"]?["name"]) ?? SimJson.Str(volume["persistentVolumeClaim"]?["claimName"])
                ?? throw new GuestPlanException($"volume {name}: devcluster's qemu runtime boots dataVolume and persistentVolumeClaim volumes only");
            var pvc = registry.Store.Get("persistentvolumeclaims", key.Namespace, claim) is { } stored ? ResourceRegistry.Parse(stored) : null;
            var pv = SimJson.Str(pvc?["spec"]?["volumeName"]) ?? throw new GuestPlanException($"volume {name}: claim {claim} is not bound");
            var size = (long)SimJson.Quantity(pvc?["status"]?["capacity"]?["storage"] ?? pvc?["spec"]?["resources"]?["requests"]?["storage"]);
            await disks.CreateAsync(pv, size, fromImage: false, cancellationToken).ConfigureAwait(false); // a claim CDI did not fill: blank
            files.Add(new GuestDisk(name, disks.FileOf(pv)));
        }

        if (files.Count == 0)
        {
            throw new GuestPlanException("the VMI has no disk to boot");
        }

        var hash = SimJson.Hash(JsonValue.Create(key.Uid));
        var hostname = SimJson.Str(spec?["hostname"]) ?? key.Name;
        return new GuestPlan(
            key,
            Math.Max(1, SimJson.Int(cpu?["sockets"], 1)),
            Math.Max(1, SimJson.Int(cpu?["cores"], 1)),
            Math.Max(1, SimJson.Int(cpu?["threads"], 1)),
            SimJson.Int(cpu?["maxSockets"], 0),
            memory > 0 ? (long)memory : 512L << 20,
            maxMemory,
            files,
            CloudInitSeed.Parse(key.Uid, hostname, userData, AccessKeys(key.Namespace, spec?["accessCredentials"] as JsonArray)),
            $"52:54:00:{hash[0..2]}:{hash[2..4]}:{hash[4..6]}");
    }

    private string? UserData(string ns, JsonObject noCloud)
    {
        if (SimJson.Str(noCloud["userData"]) is { } inline)
        {
            return inline;
        }

        if (SimJson.Str(noCloud["userDataBase64"]) is { } encoded)
        {
            return Encoding.UTF8.GetString(Convert.FromBase64String(encoded));
        }

        return SimJson.Str(noCloud["secretRef"]?["name"]) is { } secret
            ? SecretValues(ns, secret).FirstOrDefault(kv => kv.Key is "userdata" or "userData").Value
                ?? throw new GuestPlanException($"cloudInitNoCloud: Secret {secret} has no userdata key")
            : null;
    }

    private IEnumerable<string> AccessKeys(string ns, JsonArray? credentials) =>
        credentials?.OfType<JsonObject>()
            .Select(c => SimJson.Str(c["sshPublicKey"]?["source"]?["secret"]?["secretName"]))
            .OfType<string>()
            .SelectMany(secret => SecretValues(ns, secret).Values)
            .SelectMany(value => value.Split('\n')) ?? [];

    private Dictionary<string, string> SecretValues(string ns, string name)
    {
        var secret = registry.Store.Get("secrets", ns, name) is { } stored ? ResourceRegistry.Parse(stored)
            : throw new GuestPlanException($"Secret {ns}/{name} not found");
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (k, v) in secret["data"]?.AsObject() ?? [])
        {
            values[k] = Encoding.UTF8.GetString(Convert.FromBase64String(SimJson.Str(v) ?? string.Empty));
        }

        foreach (var (k, v) in secret["stringData"]?.AsObject() ?? [])
        {
            values[k] = SimJson.Str(v) ?? string.Empty;
        }

        return values;
    }
}
