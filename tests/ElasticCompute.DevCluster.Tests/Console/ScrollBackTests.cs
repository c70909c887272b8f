using ElasticCompute.DevCluster.Server.Simulation.Serial;

namespace ElasticCompute.DevCluster.Tests.Console;

public sealed class ScrollBackTests
{
    [Fact]
    public void It_keeps_the_last_lines()
    {
        var scrollBack = new ScrollBack(maxLines: 3, maxChars: 1000);
        for (var i = 1; i <= 5; i++)
        {
            scrollBack.Append($"line {i}\r\n");
        }

        scrollBack.Append("prompt$ ");
        Assert.Equal("line 3\r\nline 4\r\nline 5\r\nprompt$ ", scrollBack.ToString());
    }

    [Fact]
    public void It_keeps_at_most_its_size_cutting_at_a_line_when_it_can()
    {
        var scrollBack = new ScrollBack(maxLines: 100, maxChars: 20);
        scrollBack.Append("0123456789\r\nabcdefghij\r\nxy");
        Assert.Equal("abcdefghij\r\nxy", scrollBack.ToString());
        scrollBack.Append(new string('z', 30));
        Assert.Equal(new string('z', 20), scrollBack.ToString());
    }
}
