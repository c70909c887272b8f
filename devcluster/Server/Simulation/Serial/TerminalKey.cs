namespace ElasticCompute.DevCluster.Server.Simulation.Serial;

/// <summary>One thing typed at the serial console, after the line discipline read the bytes.</summary>
/// <param name="Kind">What it is.</param>
/// <param name="Text">The character(s) of a <see cref="TerminalKeyKind.Text"/> key; empty otherwise.</param>
internal readonly record struct TerminalKey(TerminalKeyKind Kind, string Text = "")
{
    public static TerminalKey Of(TerminalKeyKind kind) => new(kind);
}
