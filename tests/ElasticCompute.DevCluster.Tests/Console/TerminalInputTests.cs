using System.Text;
using ElasticCompute.DevCluster.Server.Simulation.Serial;

namespace ElasticCompute.DevCluster.Tests.Console;

public sealed class TerminalInputTests
{
    private static string Read(TerminalInput input, string bytes) =>
        string.Join(' ', input.Read(Encoding.UTF8.GetBytes(bytes)).Select(k => k.Kind == TerminalKeyKind.Text ? $"'{k.Text}'" : k.Kind.ToString()));

    [Theory]
    [InlineData("ls\r", "'ls' Enter")]
    [InlineData("ls\n", "'ls' Enter")]
    [InlineData("ls\r\n", "'ls' Enter")]
    [InlineData("a\r\n\r\nb", "'a' Enter Enter 'b'")]
    [InlineData("ab\u007fc\bd", "'ab' Backspace 'c' Backspace 'd'")]
    [InlineData("x\u0003\u0004", "'x' Interrupt EndOfFile")]
    [InlineData("a\u001b[Ab\u001b[1;5Cc\u001bOPd\u001bxe", "'abcde'")]
    [InlineData("a\tb\u0007c", "'abc'")]
    [InlineData("héllo 😀", "'héllo 😀'")]
    public void Bytes_become_keys_and_escape_sequences_vanish(string typed, string keys) =>
        Assert.Equal(keys, Read(new TerminalInput(), typed));

    [Fact]
    public void A_sequence_or_a_character_split_across_reads_is_read_whole()
    {
        var input = new TerminalInput();
        Assert.Equal("'a'", Read(input, "a\u001b"));
        Assert.Equal("'b'", Read(input, "[Ab"));
        Assert.Equal("Enter", Read(input, "\r"));
        Assert.Equal(string.Empty, Read(input, "\n"));

        var euro = Encoding.UTF8.GetBytes("€");
        Assert.Empty(input.Read(euro.AsSpan(0, 1)));
        Assert.Equal("€", Assert.Single(input.Read(euro.AsSpan(1))).Text);
    }
}
