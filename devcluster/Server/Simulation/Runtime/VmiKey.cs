using System.Text.Json.Nodes;
using ElasticCompute.DevCluster.Server.Registry;

namespace ElasticCompute.DevCluster.Server.Simulation.Runtime;

/// <summary>One VMI (one boot: a restart makes a new uid), as a runtime knows it.</summary>
internal sealed record VmiKey(string Namespace, string Name, string Uid)
{
    public static VmiKey Of(JsonObject vmi) => new(ObjectMeta.Namespace(vmi), ObjectMeta.Name(vmi), ObjectMeta.Uid(vmi)!);
}
