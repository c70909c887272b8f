using System.Text;

namespace ElasticCompute.DevCluster.Server.Simulation.Serial;

/// <summary>
/// The last lines a serial console printed (at most <paramref name="maxLines"/> lines and <paramref name="maxChars"/>
/// characters), kept across connections. A devcluster convenience: real KubeVirt replays nothing to a new
/// connection, so a page without script has nothing to show until the guest prints again.
/// </summary>
internal sealed class ScrollBack(int maxLines = 200, int maxChars = 64 * 1024)
{
    private readonly StringBuilder text = new();
    private int lines;

    public void Append(string output)
    {
        text.Append(output);
        foreach (var c in output)
        {
            if (c == '\n')
            {
                lines++;
            }
        }

        Trim();
    }

    public override string ToString() => text.ToString();

    /// <summary>Drops whole lines from the start until both bounds hold (a partial first line only past the size bound).</summary>
    private void Trim()
    {
        var cut = 0;
        while (lines > maxLines && IndexOfNewline(cut) is var at and >= 0)
        {
            cut = at + 1;
            lines--;
        }

        if (text.Length - cut > maxChars)
        {
            cut = text.Length - maxChars;
            var next = IndexOfNewline(cut);
            if (next >= 0)
            {
                cut = next + 1;
            }

            lines = Count(cut);
        }

        if (cut > 0)
        {
            text.Remove(0, cut);
        }
    }

    private int IndexOfNewline(int from)
    {
        for (var i = from; i < text.Length; i++)
        {
            if (text[i] == '\n')
            {
                return i;
            }
        }

        return -1;
    }

    private int Count(int from)
    {
        var count = 0;
        for (var i = from; i < text.Length; i++)
        {
            if (text[i] == '\n')
            {
                count++;
            }
        }

        return count;
    }
}
