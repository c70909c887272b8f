using System.Text;

namespace ElasticCompute.Portal.Consoles;

/// <summary>A minimal terminal for <see cref="TerminalText"/>: lines and a cursor column; no colours, no cursor rows.</summary>
internal sealed class TerminalScreen
{
    private const int MaxKept = 1000;

    private readonly StringBuilder parameters = new();
    private int column;
    private State state;

    private enum State
    {
        Text,

        /// <summary>After ESC.</summary>
        Escape,

        /// <summary>ESC [ ... until a final byte.</summary>
        Csi,

        /// <summary>ESC ] ... until BEL or ESC (a window title).</summary>
        Osc,
    }

    public List<StringBuilder> Lines { get; } = [new()];

    private StringBuilder Line => Lines[^1];

    public void Put(char c)
    {
        switch (state)
        {
            case State.Escape:
                state = c switch { '[' => State.Csi, ']' => State.Osc, _ => State.Text };
                parameters.Clear();
                return;
            case State.Csi:
                Csi(c);
                return;
            case State.Osc:
                state = c is '\u0007' or '\u001b' ? State.Text : State.Osc;
                return;
        }

        switch (c)
        {
            case '\u001b':
                state = State.Escape;
                break;
            case '\n':
                Lines.Add(new StringBuilder());
                if (Lines.Count > MaxKept)
                {
                    Lines.RemoveAt(0);
                }

                column = 0;
                break;
            case '\r':
                column = 0;
                break;
            case '\b':
                column = Math.Max(0, column - 1);
                break;
            case '\t':
                Write(new string(' ', 8 - (column % 8)));
                break;
            default:
                if (!char.IsControl(c))
                {
                    Write(c.ToString());
                }

                break;
        }
    }

    /// <summary>Parameters until a final byte; ESC[2J (clear the screen) and ESC[K (erase to the end of the line) act.</summary>
    private void Csi(char c)
    {
        if (c is < '@' or > '~')
        {
            parameters.Append(c);
            return;
        }

        state = State.Text;
        if (c == 'J' && parameters.ToString() is "2" or "3")
        {
            Lines.Clear();
            Lines.Add(new StringBuilder());
            column = 0;
        }
        else if (c == 'K' && column < Line.Length)
        {
            Line.Length = column;
        }
    }

    private void Write(string text)
    {
        foreach (var c in text)
        {
            if (column < Line.Length)
            {
                Line[column] = c;
            }
            else
            {
                Line.Append(' ', column - Line.Length).Append(c);
            }

            column++;
        }
    }
}
