using System.Net.WebSockets;
using System.Text;
using ElasticCompute.DevCluster.Server.Simulation.Serial;
using Microsoft.Extensions.Time.Testing;

namespace ElasticCompute.DevCluster.Tests.Console;

public sealed class ConsoleSessionTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider time = new(Start);

    private static ConsoleBoot Boot(string uid = "uid-1", string name = "web") => new("default", name, uid, Start);

    private static async Task UntilAsync(Func<bool> condition)
    {
        for (var i = 0; i < 500 && !condition(); i++)
        {
            await Task.Delay(10);
        }

        Assert.True(condition());
    }

    [Fact]
    public async Task The_boot_log_prints_a_line_per_delay_on_the_injected_clock_then_the_login_prompt()
    {
        using var session = new ConsoleSession(Boot(), time, TimeSpan.FromSeconds(1));
        var viewer = new RecordingViewer();
        session.Attach(viewer);
        await UntilAsync(() => viewer.Output.Contains("Linux version", StringComparison.Ordinal));
        Assert.DoesNotContain("Command line", viewer.Output, StringComparison.Ordinal);

        // Seven lines, each followed by a pause (an advance can come before the boot waits again: then it takes one more).
        for (var i = 0; i < 100 && !session.Booted.IsCompleted; i++)
        {
            time.Advance(TimeSpan.FromSeconds(1));
            await Task.Delay(10);
        }

        await session.Booted.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Contains("systemd[1]: Set hostname to <web>.", viewer.Output, StringComparison.Ordinal);
        Assert.EndsWith("web login: ", viewer.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_new_viewer_gets_the_scroll_back_then_live_output_and_the_boot_log_is_printed_once()
    {
        using var session = new ConsoleSession(Boot(), time, TimeSpan.Zero);
        var first = new RecordingViewer();
        session.Attach(first);
        await session.Booted.WaitAsync(TimeSpan.FromSeconds(10));
        session.Type(first, Encoding.UTF8.GetBytes("ada\rpw\rhostname\r"));
        Assert.EndsWith("hostname\r\nweb\r\nada@web:~$ ", first.Output, StringComparison.Ordinal);

        var second = new RecordingViewer();
        session.Attach(second);
        Assert.Equal(session.ScrollBack, second.Output);
        Assert.Equal(1, Count(second.Output, "Linux version"));
        session.Type(second, Encoding.UTF8.GetBytes("whoami\r"));
        Assert.EndsWith("whoami\r\nada\r\nada@web:~$ ", second.Output, StringComparison.Ordinal);
        Assert.Equal(1, Count(session.ScrollBack, "Linux version"));
    }

    [Fact]
    public async Task A_second_viewer_takes_over_and_the_first_is_closed_saying_so_and_types_into_nothing()
    {
        using var session = new ConsoleSession(Boot(), time, TimeSpan.Zero);
        var first = new RecordingViewer();
        session.Attach(first);
        await session.Booted.WaitAsync(TimeSpan.FromSeconds(10));
        var second = new RecordingViewer();
        session.Attach(second);

        Assert.Equal((WebSocketCloseStatus.PolicyViolation, ConsoleSession.TakenOverReason), first.Closed);
        Assert.Null(second.Closed);
        first.Clear();
        second.Clear();
        session.Type(first, Encoding.UTF8.GetBytes("ignored"));
        Assert.Equal(string.Empty, second.Output);
        session.Type(second, Encoding.UTF8.GetBytes("root"));
        Assert.Equal("root", second.Output);
        Assert.Equal(string.Empty, first.Output);
    }

    [Fact]
    public async Task Sessions_follow_boots_a_restart_begins_a_new_boot_and_a_stop_closes_the_viewer()
    {
        using var sessions = new ConsoleSessions(time, TimeSpan.Zero);
        var session = sessions.Open(Boot());
        Assert.Same(session, sessions.Open(Boot()));
        var viewer = new RecordingViewer();
        session.Attach(viewer);
        await session.Booted.WaitAsync(TimeSpan.FromSeconds(10));

        // The VMI was recreated (a restart): a new boot, a new log; the old viewer is closed.
        var restarted = sessions.Open(Boot("uid-2"));
        Assert.NotSame(session, restarted);
        Assert.Equal((WebSocketCloseStatus.EndpointUnavailable, ConsoleSession.StoppedReason), viewer.Closed);
        await restarted.Booted.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(1, Count(restarted.ScrollBack, "Linux version"));

        var next = new RecordingViewer();
        restarted.Attach(next);
        sessions.Observe(Boot().Key, Boot("uid-2"));
        Assert.Null(next.Closed);
        sessions.Observe(Boot().Key, null);
        Assert.Equal((WebSocketCloseStatus.EndpointUnavailable, ConsoleSession.StoppedReason), next.Closed);
        Assert.NotSame(restarted, sessions.Open(Boot("uid-2")));
    }

    private static int Count(string text, string what) => text.Split(what).Length - 1;
}
