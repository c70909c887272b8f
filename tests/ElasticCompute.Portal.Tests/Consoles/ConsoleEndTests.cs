using System.Net;
using ElasticCompute.Portal.Consoles;
using k8s.Autorest;

namespace ElasticCompute.Portal.Tests.Consoles;

public sealed class ConsoleEndTests
{
    [Theory]
    [InlineData(HttpStatusCode.BadRequest, 4004)]
    [InlineData(HttpStatusCode.NotFound, 4004)]
    [InlineData(HttpStatusCode.Conflict, 4009)]
    [InlineData(HttpStatusCode.Forbidden, 4003)]
    [InlineData(HttpStatusCode.Unauthorized, 4003)]
    [InlineData(HttpStatusCode.ServiceUnavailable, 4503)]
    public void A_refused_upgrade_becomes_a_close_code_the_page_explains(HttpStatusCode status, int code)
    {
        using var response = new HttpResponseMessage(status);
        var end = ConsoleEnd.Of(new HttpOperationException { Response = new HttpResponseMessageWrapper(response, string.Empty) });
        Assert.Equal(code, end.Code);
        Assert.InRange(System.Text.Encoding.UTF8.GetByteCount(end.Reason), 1, 123);
    }

    [Fact]
    public void Not_running_is_said_in_words_and_retried_and_a_takeover_waits_for_the_person()
    {
        Assert.Equal("The machine is not running. Start it from its page.", ConsoleEnd.NotRunning.Reason);
        Assert.True(ConsoleEnd.NotRunning.Retry);
        Assert.False(ConsoleEnd.TakenOver.Retry);
        Assert.Same(ConsoleEnd.TakenOver, ConsoleEnd.OfUpstreamClose("another console connection took over"));
        Assert.Same(ConsoleEnd.Ended, ConsoleEnd.OfUpstreamClose("the VMI is not running any more"));
        Assert.Same(ConsoleEnd.Ended, ConsoleEnd.OfUpstreamClose(null));
    }

    [Fact]
    public void A_new_claim_on_a_console_takes_it_over_from_the_previous_one_only()
    {
        var viewers = new ConsoleViewers();
        using var first = viewers.Claim("team-a", "web", ConsoleKind.Serial);
        using var other = viewers.Claim("team-a", "db", ConsoleKind.Serial);
        using var display = viewers.Claim("team-a", "web", ConsoleKind.Display);
        using var second = viewers.Claim("team-a", "web", ConsoleKind.Serial);
        Assert.True(first.TakenOver.IsCompleted);
        Assert.False(other.TakenOver.IsCompleted);

        // The graphical console is another console: its viewer does not take the serial one, nor the other way round.
        Assert.False(display.TakenOver.IsCompleted);
        display.Dispose();
        Assert.False(second.TakenOver.IsCompleted);

        // The first leaving does not release the second's hold.
        first.Dispose();
        Assert.Equal(2, viewers.Count);
        second.Dispose();
        Assert.Equal(1, viewers.Count);
    }
}
