using ElasticCompute.Portal.Cluster;
using ElasticCompute.Portal.Machines;

namespace ElasticCompute.Portal.Live;

/// <summary>What a live page needs to redraw a machine's row or heading: the words the server would render.</summary>
internal sealed record LiveRow(string Name, bool Deleted, string? State, string? Tone, string? Why, string? Cpu, string? Memory, string? Disk, string? Node, string? Address, bool Settled)
{
    /// <summary>The ssh command to reach the machine (status.access.ssh), when it has one.</summary>
    public string? Ssh { get; init; }

    public static LiveRow Of(MachineChange change)
    {
        ArgumentNullException.ThrowIfNull(change);
        if (change.Machine is not { } machine)
        {
            return new LiveRow(change.Name, true, null, null, null, null, null, null, null, null, true);
        }

        var v = MachineView.Of(machine);
        return new LiveRow(v.Name, false, v.State, v.Tone, v.Why, v.Cpu?.ToString(System.Globalization.CultureInfo.InvariantCulture), v.Memory, v.Disk, v.Node, v.Address, v.Settled) { Ssh = v.Ssh };
    }
}
