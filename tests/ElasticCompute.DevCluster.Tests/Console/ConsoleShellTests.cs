using System.Text;
using ElasticCompute.DevCluster.Server.Simulation.Serial;
using Microsoft.Extensions.Time.Testing;

namespace ElasticCompute.DevCluster.Tests.Console;

public sealed class ConsoleShellTests
{
    private static readonly DateTimeOffset Booted = new(2026, 1, 1, 10, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider time = new(Booted);

    private ConsoleShell LoggedIn(string user = "ada")
    {
        var shell = new ConsoleShell("web-1", time, Booted);
        shell.Start();
        Type(shell, user + "\r");
        Type(shell, "secret\r");
        Assert.True(shell.LoggedIn);
        return shell;
    }

    private static string Type(ConsoleShell shell, string text) => shell.Type(Encoding.UTF8.GetBytes(text));

    [Fact]
    public void Input_before_the_login_prompt_is_dropped()
    {
        var shell = new ConsoleShell("web-1", time, Booted);
        Assert.Equal(string.Empty, Type(shell, "root\r"));
        Assert.Equal("\r\nUbuntu 24.04 LTS web-1 ttyS0\r\n\r\nweb-1 login: ", shell.Start());
    }

    [Fact]
    public void Any_name_and_password_log_in_and_the_password_is_not_echoed()
    {
        var shell = new ConsoleShell("web-1", time, Booted);
        shell.Start();
        Assert.Equal("\r\nweb-1 login: ", Type(shell, "\r"));
        Assert.Equal("ada", Type(shell, "ada"));
        Assert.Equal("\r\nPassword: ", Type(shell, "\r"));
        Assert.Equal(string.Empty, Type(shell, "hunter2\u007f"));
        var welcome = Type(shell, "\r\n");
        Assert.StartsWith("\r\nWelcome to Ubuntu 24.04 LTS", welcome, StringComparison.Ordinal);
        Assert.EndsWith("ada@web-1:~$ ", welcome, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter", welcome, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("uname -a", "Linux web-1 6.8.0-devcluster #1 SMP PREEMPT_DYNAMIC x86_64 x86_64 x86_64 GNU/Linux\r\n")]
    [InlineData("uname", "Linux\r\n")]
    [InlineData("uname -n -r", "web-1 6.8.0-devcluster\r\n")]
    [InlineData("uname -q", "uname: invalid option -- 'q'\r\nTry 'uname --help' for more information.\r\n")]
    [InlineData("hostname", "web-1\r\n")]
    [InlineData("whoami", "ada\r\n")]
    [InlineData("echo   hello   'big  world'", "hello big  world\r\n")]
    [InlineData("echo", "\r\n")]
    [InlineData("date", "Thu Jan  1 10:05:00 UTC 2026\r\n")]
    [InlineData("uptime", " 10:05:00 up 5 min,  1 user,  load average: 0.00, 0.00, 0.00\r\n")]
    [InlineData("foo --bar", "-bash: foo: command not found\r\n")]
    [InlineData("", "")]
    public void A_command_answers_on_the_next_line_then_the_prompt(string command, string answer)
    {
        var shell = LoggedIn();
        time.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(command + "\r\n" + answer + "ada@web-1:~$ ", Type(shell, command + "\r"));
    }

    [Fact]
    public void Help_lists_the_commands()
    {
        var output = Type(LoggedIn(), "help\r");
        foreach (var command in new[] { "uname", "hostname", "whoami", "echo", "date", "uptime", "exit" })
        {
            Assert.Contains(command, output, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Uptime_past_an_hour_and_a_day_reads_as_uptime_prints_it()
    {
        var shell = LoggedIn();
        time.Advance(TimeSpan.FromHours(26) + TimeSpan.FromMinutes(7));
        Assert.Contains(" up 1 day,  2:07,  1 user", Type(shell, "uptime\r"), StringComparison.Ordinal);
    }

    [Fact]
    public void Backspace_erases_on_screen_and_in_the_line()
    {
        var shell = LoggedIn();
        Assert.Equal("whx\b \b", Type(shell, "whx\u007f"));
        Assert.Equal(string.Empty, Type(shell, "\u001b[D"));
        Assert.Equal("o\b \bo", Type(shell, "o\bo"));
        Assert.Equal("ami\r\nada\r\nada@web-1:~$ ", Type(shell, "ami\r"));
        Assert.Equal(string.Empty, Type(shell, "\u007f"));
    }

    [Fact]
    public void Ctrl_c_drops_the_line_and_gives_a_new_prompt()
    {
        var shell = LoggedIn();
        Type(shell, "sleep 100");
        Assert.Equal("^C\r\nada@web-1:~$ ", Type(shell, "\u0003"));
        Assert.Equal("\r\nada@web-1:~$ ", Type(shell, "\r"));
    }

    [Theory]
    [InlineData("exit\r")]
    [InlineData("logout\r")]
    [InlineData("\u0004")]
    public void Exit_logout_and_ctrl_d_on_an_empty_line_go_back_to_the_login_prompt(string typed)
    {
        var shell = LoggedIn();
        var output = Type(shell, typed);
        Assert.Contains("logout\r\n", output, StringComparison.Ordinal);
        Assert.EndsWith("web-1 login: ", output, StringComparison.Ordinal);
        Assert.False(shell.LoggedIn);
        Assert.Equal("grace\r\nPassword: ", Type(shell, "grace\r"));
        Assert.EndsWith("grace@web-1:~$ ", Type(shell, "\r"), StringComparison.Ordinal);
    }

    [Fact]
    public void Ctrl_d_on_a_line_with_text_does_nothing_and_ctrl_c_at_the_password_starts_over()
    {
        var shell = LoggedIn();
        Type(shell, "ec");
        Assert.Equal(string.Empty, Type(shell, "\u0004"));
        Assert.True(shell.LoggedIn);
        Type(shell, "\u007f\u007fexit\r");
        Type(shell, "ada\r");
        Assert.Equal("^C\r\n\r\nweb-1 login: ", Type(shell, "\u0003"));
        Assert.Equal("\r\nweb-1 login: ", Type(shell, "\r"));
    }
}
