using ElasticCompute.Api.Machines;
using ElasticCompute.Portal.Cluster;
using ElasticCompute.Portal.Hosting;
using ElasticCompute.Portal.Live;
using ElasticCompute.Portal.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace ElasticCompute.Portal.Tests.Live;

/// <summary>The portal's one shared watch: what pages list, what live pages are sent, and what they are told when they cannot be sent it.</summary>
public sealed class MachineCatalogTests : IAsyncLifetime, IDisposable
{
    private readonly FakeMachineApi api = new();
    private readonly FakeTimeProvider clock = new(DateTimeOffset.UtcNow);
    private MachineCatalog catalog = null!;

    public async Task InitializeAsync()
    {
        api.Seed.AddRange([FakeMachineApi.Machine("team-a", "web-2"), FakeMachineApi.Machine("team-a", "web-1"), FakeMachineApi.Machine("team-b", "db-1")]);
        var client = api.Client();
        catalog = new MachineCatalog(new ClusterClients(client, client), new PortalOptions { Time = clock }, NullLogger<MachineCatalog>.Instance);
        await catalog.StartAsync(CancellationToken.None);
        await Eventually.TrueAsync(() => Task.FromResult(api.WatchOpen), TimeSpan.FromSeconds(10));
    }

    public async Task DisposeAsync()
    {
        api.EndWatch();
        await catalog.StopAsync(CancellationToken.None);
    }

    public void Dispose()
    {
        catalog.Dispose();
        api.Dispose();
    }

    [Fact]
    public async Task A_tenant_is_listed_in_name_order_and_only_its_own()
    {
        var names = (await catalog.ListAsync("team-a", CancellationToken.None)).Select(m => m.Metadata.Name);
        Assert.Equal(["web-1", "web-2"], names);
        Assert.Equal(3, (await catalog.ListAllAsync(CancellationToken.None)).Count);
        Assert.Empty(await catalog.ListAsync("team-c", CancellationToken.None));
    }

    [Fact]
    public async Task A_subscriber_gets_the_changes_of_its_tenant_and_no_others()
    {
        using var tenant = catalog.Subscribe("team-a", null, null);
        using var one = catalog.Subscribe("team-a", "web-1", null);
        await api.SendAsync("MODIFIED", FakeMachineApi.Machine("team-b", "db-1", MachinePhase.Running));
        await api.SendAsync("MODIFIED", FakeMachineApi.Machine("team-a", "web-2", MachinePhase.Running));
        await api.SendAsync("DELETED", FakeMachineApi.Machine("team-a", "web-1"));

        var first = await tenant.Changes.ReadAsync();
        Assert.Equal(("team-a", "web-2", MachinePhase.Running), (first.Namespace, first.Name, first.Machine!.Status!.Phase));
        var second = await tenant.Changes.ReadAsync();
        Assert.Equal("web-1", second.Name);
        Assert.Null(second.Machine);
        var onlyOne = await one.Changes.ReadAsync();
        Assert.Equal("web-1", onlyOne.Name);
        Assert.False(one.Changes.TryRead(out _));
        Assert.False(tenant.Changes.TryRead(out _));
        Assert.Equal(["web-2"], (await catalog.ListAsync("team-a", CancellationToken.None)).Select(m => m.Metadata.Name));
    }

    [Fact]
    public async Task A_page_is_sent_what_changed_between_its_rendering_and_its_subscription()
    {
        var rendered = catalog.IdOf(catalog.Sequence);
        await api.SendAsync("MODIFIED", FakeMachineApi.Machine("team-a", "web-1", MachinePhase.Starting));
        await api.SendAsync("MODIFIED", FakeMachineApi.Machine("team-b", "db-1", MachinePhase.Running));
        await api.SendAsync("MODIFIED", FakeMachineApi.Machine("team-a", "web-1", MachinePhase.Running));
        await Eventually.TrueAsync(async () => (await catalog.ListAsync("team-a", CancellationToken.None))[0].Status?.Phase == MachinePhase.Running, TimeSpan.FromSeconds(10));

        using var late = catalog.Subscribe("team-a", null, rendered);
        Assert.False(late.MustResync);
        Assert.Equal([MachinePhase.Starting, MachinePhase.Running], late.Missed.Select(c => c.Machine!.Status!.Phase));

        using var current = catalog.Subscribe("team-a", null, catalog.IdOf(catalog.Sequence));
        Assert.Empty(current.Missed);
        Assert.False(current.MustResync);
    }

    [Theory]
    [InlineData("0badc0de.1")]
    [InlineData("not an id")]
    [InlineData("")]
    public void A_point_this_process_did_not_give_asks_the_page_to_read_itself_again(string since)
    {
        using var stranger = catalog.Subscribe("team-a", null, since);
        Assert.True(stranger.MustResync);
        Assert.Empty(stranger.Missed);
    }

    [Fact]
    public async Task A_point_older_than_what_is_remembered_asks_for_a_re_read()
    {
        var rendered = catalog.IdOf(catalog.Sequence);
        for (var i = 0; i <= MachineCatalog.Remembered; i++)
        {
            await api.SendAsync("MODIFIED", FakeMachineApi.Machine("team-b", "db-1"));
        }

        await Eventually.TrueAsync(() => Task.FromResult(catalog.IdOf(catalog.Sequence) != rendered && catalog.Sequence > MachineCatalog.Remembered + 2), TimeSpan.FromSeconds(30));
        using var late = catalog.Subscribe("team-a", null, rendered);
        Assert.True(late.MustResync);
    }

    [Fact]
    public async Task A_page_that_does_not_keep_up_is_told_to_read_itself_again_instead_of_being_waited_for()
    {
        using var slow = catalog.Subscribe("team-a", null, null);
        for (var i = 0; i < 300; i++)
        {
            await api.SendAsync("MODIFIED", FakeMachineApi.Machine("team-a", "web-1"));
        }

        await Eventually.TrueAsync(() => Task.FromResult(slow.Overflowed), TimeSpan.FromSeconds(10));
        Assert.True(slow.TakeOverflow());
        Assert.False(slow.Overflowed);
    }

    [Fact]
    public async Task Pages_are_told_the_list_may_be_out_of_date_once_the_watch_has_failed_for_ten_seconds()
    {
        await catalog.ListAsync("team-a", CancellationToken.None);
        Assert.True(catalog.IsCurrent);

        api.FailWatches = true;
        api.EndWatch();
        clock.Advance(TimeSpan.FromSeconds(5));
        await Eventually.TrueAsync(() => { clock.Advance(TimeSpan.FromSeconds(1)); return Task.FromResult(!catalog.IsCurrent); }, TimeSpan.FromSeconds(30));

        api.FailWatches = false;
        await Eventually.TrueAsync(() => { clock.Advance(TimeSpan.FromSeconds(1)); return Task.FromResult(catalog.IsCurrent && api.WatchOpen); }, TimeSpan.FromSeconds(30));
    }

    [Fact]
    public void A_change_is_sent_as_one_inert_line_of_json_with_its_id()
    {
        var machine = FakeMachineApi.Machine("team-a", "web-1", MachinePhase.Pending);
        machine.Status!.Conditions = [new k8s.Models.V1Condition { Type = MachineConditions.Ready, Status = "False", Reason = "X", Message = "<script>alert(1)</script>\nline two", LastTransitionTime = DateTime.UtcNow }];
        var change = new MachineChange(7, "team-a", "web-1", machine);
        var bytes = LiveEvent.Machine(change, catalog);
        var text = System.Text.Encoding.UTF8.GetString(bytes);
        Assert.StartsWith($"id: {catalog.Instance}.7\nevent: machine\ndata: {{", text, StringComparison.Ordinal);
        Assert.EndsWith("}\n\n", text, StringComparison.Ordinal);
        Assert.Equal(4, text.Split('\n').Length - 1);
        Assert.DoesNotContain("<", text, StringComparison.Ordinal);
        Assert.Contains("\\u003Cscript\\u003E", text, StringComparison.Ordinal);

        // Made once per change, however many pages it is sent to.
        Assert.Same(bytes, LiveEvent.Machine(change, catalog));
    }
}
