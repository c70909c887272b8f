using ElasticCompute.Portal.Consoles;

namespace ElasticCompute.Portal.Tests.Consoles;

public sealed class TerminalTextTests
{
    [Theory]
    [InlineData("a\r\nb\r\n", "a|b")]
    [InlineData("ab\b \bc", "ac")]
    [InlineData("progress 10%\rprogress 99%\r\ndone", "progress 99%|done")]
    [InlineData("\u001b[1;31mred\u001b[0m plain", "red plain")]
    [InlineData("old\r\n\u001b[H\u001b[2Jnew", "new")]
    [InlineData("abcdef\r\u001b[Kxy", "xy")]
    [InlineData("\u001b]0;title\u0007a\tb", "a       b")]
    [InlineData("user@web:~$ ", "user@web:~$")]
    [InlineData("", "")]
    public void Output_reads_as_a_terminal_would_show_it(string output, string lines) =>
        Assert.Equal(lines, string.Join('|', TerminalText.Lines(output, 100)));

    [Fact]
    public void Only_the_last_lines_are_kept()
    {
        var output = string.Concat(Enumerable.Range(1, 50).Select(i => $"line {i}\r\n")) + "prompt$ ";
        Assert.Equal(["line 49", "line 50", "prompt$"], TerminalText.Lines(output, 3));
    }
}
