namespace ElasticCompute.Portal.Consoles;

/// <summary>
/// What a terminal would show of console output, as plain lines for a page without script: carriage returns and
/// backspaces move the cursor and overwrite, escape sequences (colours, cursor keys) are dropped, a clear-screen clears.
/// </summary>
internal static class TerminalText
{
    /// <summary>The last <paramref name="maxLines"/> lines, without trailing blanks (a trailing prompt line included).</summary>
    public static IReadOnlyList<string> Lines(string output, int maxLines)
    {
        ArgumentNullException.ThrowIfNull(output);
        var screen = new TerminalScreen();
        foreach (var c in output)
        {
            screen.Put(c);
        }

        var lines = screen.Lines.Select(l => l.ToString().TrimEnd()).ToList();
        while (lines.Count > 1 && lines[^1].Length == 0)
        {
            lines.RemoveAt(lines.Count - 1);
        }

        return lines.Count > maxLines ? lines[^maxLines..] : lines;
    }
}
