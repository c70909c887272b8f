using System.Globalization;
using System.Text.Json.Nodes;
using ElasticCompute.DevCluster.Server.Registry;

namespace ElasticCompute.DevCluster.Server.Simulation;

/// <summary>
/// KubeVirt's backoff for VMIs that keep failing: the VM's <c>status.startFailure</c> counts consecutive failed VMIs,
/// and a new one is created only after 10 s, doubling per failure up to 5 minutes (printed as CrashLoopBackOff).
/// </summary>
internal static class StartBackoff
{
    private static readonly TimeSpan First = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan Longest = TimeSpan.FromMinutes(5);

    /// <summary>Whether the VMI failed and its backoff has passed (records the failure in <paramref name="vmStatus"/> the first time).</summary>
    public static bool Retry(JsonObject vmStatus, JsonObject vmi, DateTimeOffset now, Action<DateTimeOffset> wakeAt)
    {
        if (SimJson.Str(vmi["status"]?["phase"]) != "Failed")
        {
            return false;
        }

        var uid = ObjectMeta.Uid(vmi);
        var failure = vmStatus["startFailure"] as JsonObject;
        if (SimJson.Str(failure?["lastFailedVMIUID"]) != uid)
        {
            var count = SimJson.Int(failure?["consecutiveFailCount"], 0) + 1;
            var wait = TimeSpan.FromTicks(Math.Min(Longest.Ticks, First.Ticks << (int)Math.Min(count - 1, 10)));
            failure = new JsonObject
            {
                ["consecutiveFailCount"] = count,
                ["lastFailedVMIUID"] = uid,
                ["retryAfterTimestamp"] = ObjectMeta.Timestamp(now + wait),
            };
            vmStatus["startFailure"] = failure;
        }

        var retryAfter = DateTimeOffset.Parse(SimJson.Str(failure!["retryAfterTimestamp"])!, CultureInfo.InvariantCulture);
        if (now < retryAfter)
        {
            wakeAt(retryAfter);
            return false;
        }

        return true;
    }
}
