using System.Globalization;
using System.Text.Json.Nodes;
using ElasticCompute.DevCluster.Server.Registry;

namespace ElasticCompute.DevCluster.Server.Simulation.Serial;

/// <summary>One boot of one VMI: a restart makes a new VMI (a new uid) and a start a new Running time, so a new boot log.</summary>
internal sealed record ConsoleBoot(string Namespace, string Name, string Uid, DateTimeOffset StartedAt)
{
    public string Key => $"{Namespace}/{Name}";

    /// <summary>The boot of a VMI that is Running and not being deleted, else null (its console is not there).</summary>
    public static ConsoleBoot? Of(JsonObject vmi)
    {
        ArgumentNullException.ThrowIfNull(vmi);
        if (SimJson.Str(vmi["status"]?["phase"]) != "Running" || ObjectMeta.IsDeleting(vmi))
        {
            return null;
        }

        // The Running entry of phaseTransitionTimestamps is when the guest booted (fixed, so the boot is the same on every look).
        var running = (vmi["status"]?["phaseTransitionTimestamps"] as JsonArray)?
            .LastOrDefault(t => SimJson.Str(t?["phase"]) == "Running")?["phaseTransitionTimestamp"];
        var started = DateTimeOffset.TryParse(SimJson.Str(running), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? at : DateTimeOffset.UnixEpoch;
        return new ConsoleBoot(ObjectMeta.Namespace(vmi), ObjectMeta.Name(vmi), ObjectMeta.Uid(vmi) ?? string.Empty, started);
    }
}
