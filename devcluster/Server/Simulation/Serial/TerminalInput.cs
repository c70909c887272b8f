using System.Text;

namespace ElasticCompute.DevCluster.Server.Simulation.Serial;

/// <summary>
/// The input half of a tty's line discipline: bytes in (as a terminal sends them, split anywhere), keys out. CR LF is
/// one Enter; escape sequences (arrow keys, function keys, Alt+key) are swallowed whole so they never print as
/// garbage; other control characters are dropped.
/// </summary>
internal sealed class TerminalInput
{
    private const char Escape = '\u001b';

    private readonly Decoder utf8 = new UTF8Encoding(false, false).GetDecoder();
    private EscapeState escape;
    private bool lastWasCarriageReturn;

    private enum EscapeState
    {
        None,

        /// <summary>After ESC: '[' or 'O' starts a sequence, anything else is an Alt+key pair.</summary>
        Started,

        /// <summary>Inside CSI (ESC [) or SS3 (ESC O): parameters until a final byte 0x40-0x7e.</summary>
        Sequence,
    }

    public IReadOnlyList<TerminalKey> Read(ReadOnlySpan<byte> bytes)
    {
        var chars = new char[utf8.GetCharCount(bytes, flush: false)];
        var count = utf8.GetChars(bytes, chars, flush: false);
        var keys = new List<TerminalKey>();
        foreach (var c in chars.AsSpan(0, count))
        {
            if (Key(c) is not { } key)
            {
                continue;
            }

            // A run of text is one key, so a surrogate pair stays whole.
            if (key.Kind == TerminalKeyKind.Text && keys.Count > 0 && keys[^1].Kind == TerminalKeyKind.Text)
            {
                keys[^1] = keys[^1] with { Text = keys[^1].Text + key.Text };
            }
            else
            {
                keys.Add(key);
            }
        }

        return keys;
    }

    private TerminalKey? Key(char c)
    {
        var afterCarriageReturn = lastWasCarriageReturn;
        lastWasCarriageReturn = c == '\r';
        switch (escape)
        {
            case EscapeState.Started:
                escape = c is '[' or 'O' ? EscapeState.Sequence : EscapeState.None;
                return null;
            case EscapeState.Sequence:
                if (c is >= '@' and <= '~')
                {
                    escape = EscapeState.None;
                }

                return null;
        }

        return c switch
        {
            Escape => Start(),
            '\r' => TerminalKey.Of(TerminalKeyKind.Enter),
            '\n' => afterCarriageReturn ? null : TerminalKey.Of(TerminalKeyKind.Enter),
            '\u007f' or '\b' => TerminalKey.Of(TerminalKeyKind.Backspace),
            '\u0003' => TerminalKey.Of(TerminalKeyKind.Interrupt),
            '\u0004' => TerminalKey.Of(TerminalKeyKind.EndOfFile),
            _ when char.IsControl(c) => null,
            _ => new TerminalKey(TerminalKeyKind.Text, c.ToString()),
        };
    }

    private TerminalKey? Start()
    {
        escape = EscapeState.Started;
        return null;
    }
}
