namespace ElasticCompute.DevCluster.Server.Simulation.Serial;

internal enum TerminalKeyKind
{
    /// <summary>A printable character.</summary>
    Text,

    /// <summary>CR, LF or CR LF.</summary>
    Enter,

    /// <summary>DEL (0x7f) or BS (0x08).</summary>
    Backspace,

    /// <summary>Ctrl+C (ETX, 0x03).</summary>
    Interrupt,

    /// <summary>Ctrl+D (EOT, 0x04).</summary>
    EndOfFile,
}
