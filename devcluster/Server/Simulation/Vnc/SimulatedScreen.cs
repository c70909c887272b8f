namespace ElasticCompute.DevCluster.Server.Simulation.Vnc;

/// <summary>
/// What the simulated guest's display shows: a text console of 80x25 cells of <see cref="BitmapFont"/> (640x400, VGA's
/// text mode), a title bar naming the machine, and getty's login prompt. Typed keys are echoed (nothing logs in: the
/// serial console has the shell); Ctrl+Alt+Del prints a line in <see cref="Alert"/>, so a viewer can see it arrived.
/// Shared by the connections of one boot; each watches the regions that change.
/// </summary>
internal sealed class SimulatedScreen
{
    public const int Columns = 80;
    public const int Rows = 25;
    public const int Width = Columns * BitmapFont.Width;
    public const int Height = Rows * BitmapFont.Height;

    public const uint Paper = 0x101820;
    public const uint Ink = 0xe8e8e8;
    public const uint TitlePaper = 0x2f6fb0;
    public const uint Alert = 0xffc857;

    // X11 keysyms (RFC 6143 7.5.4): those the screen reacts to.
    private const uint BackSpace = 0xff08, Return = 0xff0d, KeypadEnter = 0xff8d, Delete = 0xffff, KeypadDelete = 0xff9f;
    private const uint ControlLeft = 0xffe3, ControlRight = 0xffe4, AltLeft = 0xffe9, AltRight = 0xffea;

    private readonly Lock gate = new();
    private readonly uint[] pixels = new uint[Width * Height];
    private readonly List<Action<Region>> watchers = [];
    private readonly HashSet<uint> held = [];
    private readonly string hostname;
    private int row;
    private int column;
    private int typed;

    public SimulatedScreen(string title, string hostname)
    {
        this.hostname = hostname;
        Array.Fill(pixels, Paper);
        var bar = $" {title} ".PadLeft((Columns + title.Length + 2) / 2).PadRight(Columns);
        for (var c = 0; c < Columns; c++)
        {
            DrawCell(c, 0, bar[c], 0xffffff, TitlePaper);
        }

        row = 2;
        Print($"Ubuntu 24.04 LTS {hostname} tty1", Ink);
        NewLine();
        NewLine();
        Prompt();
    }

    /// <summary>How many times Ctrl+Alt+Del arrived.</summary>
    public int CtrlAltDeletes { get; private set; }

    /// <summary>Calls <paramref name="changed"/> (under the screen's lock: it must return at once) for each region that changes, until disposed.</summary>
    public IDisposable Watch(Action<Region> changed)
    {
        lock (gate)
        {
            watchers.Add(changed);
        }

        return new Unwatch(this, changed);
    }

    /// <summary>Writes <paramref name="region"/> row by row in <paramref name="format"/>.</summary>
    public void CopyTo(Region region, PixelFormat format, Span<byte> to)
    {
        ArgumentNullException.ThrowIfNull(format);
        var size = format.BytesPerPixel;
        lock (gate)
        {
            var at = 0;
            for (var y = region.Y; y < region.Y + region.Height; y++)
            {
                for (var x = region.X; x < region.X + region.Width; x++, at += size)
                {
                    format.Encode(pixels[(y * Width) + x], to[at..]);
                }
            }
        }
    }

    /// <summary>A KeyEvent: printable keys are echoed, BackSpace and Return edit the line, Ctrl+Alt+Del is reported.</summary>
    public void Key(bool down, uint keysym)
    {
        lock (gate)
        {
            if (!down)
            {
                held.Remove(keysym);
                return;
            }

            held.Add(keysym);
            var control = held.Contains(ControlLeft) || held.Contains(ControlRight);
            var alt = held.Contains(AltLeft) || held.Contains(AltRight);
            if (keysym is Delete or KeypadDelete && control && alt)
            {
                CtrlAltDeletes++;
                NewLine();
                Print("Ctrl+Alt+Del received: a real guest would reboot now.", Alert);
                NewLine();
                Prompt();
            }
            else if (keysym is Return or KeypadEnter)
            {
                var any = typed > 0;
                NewLine();
                if (any)
                {
                    Print("Nothing logs in on this simulated display; its serial console has a shell.", Ink);
                    NewLine();
                }

                Prompt();
            }
            else if (keysym == BackSpace && typed > 0 && column > 0)
            {
                typed--;
                DrawCell(column, row, ' ', Ink, Paper);
                column--;
                Cursor();
            }
            else if (keysym is >= 0x20 and <= 0x7e && !control && !alt)
            {
                typed++;
                Put((char)keysym, Ink);
                Cursor();
            }
        }
    }

    private void Prompt()
    {
        Print($"{hostname} login: ", Ink);
        typed = 0;
        Cursor();
    }

    private void Cursor()
    {
        if (column < Columns)
        {
            DrawCell(column, row, '_', Ink, Paper);
        }
    }

    private void Print(string text, uint ink)
    {
        foreach (var c in text)
        {
            Put(c, ink);
        }
    }

    private void Put(char c, uint ink)
    {
        if (column >= Columns)
        {
            NewLine();
        }

        DrawCell(column++, row, c, ink, Paper);
    }

    private void NewLine()
    {
        if (column < Columns)
        {
            DrawCell(column, row, ' ', Ink, Paper);
        }

        column = 0;
        if (++row < Rows)
        {
            return;
        }

        // Scroll the text (not the title bar) up a line.
        row = Rows - 1;
        var line = Width * BitmapFont.Height;
        Array.Copy(pixels, 2 * line, pixels, line, (Rows - 2) * line);
        Array.Fill(pixels, Paper, (Rows - 1) * line, line);
        Changed(new Region(0, BitmapFont.Height, Width, Height - BitmapFont.Height));
    }

    private void DrawCell(int c, int r, char glyph, uint ink, uint paper)
    {
        for (var y = 0; y < BitmapFont.Height; y++)
        {
            var at = (((r * BitmapFont.Height) + y) * Width) + (c * BitmapFont.Width);
            for (var x = 0; x < BitmapFont.Width; x++)
            {
                pixels[at + x] = BitmapFont.Ink(glyph, x, y) ? ink : paper;
            }
        }

        Changed(new Region(c * BitmapFont.Width, r * BitmapFont.Height, BitmapFont.Width, BitmapFont.Height));
    }

    private void Changed(Region region)
    {
        foreach (var watcher in watchers)
        {
            watcher(region);
        }
    }

    private sealed class Unwatch(SimulatedScreen screen, Action<Region> changed) : IDisposable
    {
        public void Dispose()
        {
            lock (screen.gate)
            {
                screen.watchers.Remove(changed);
            }
        }
    }
}
