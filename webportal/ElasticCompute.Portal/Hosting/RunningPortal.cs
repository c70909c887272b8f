namespace ElasticCompute.Portal.Hosting;

/// <summary>A started portal.</summary>
/// <param name="Url">Where it serves (a loopback address when it listens on every interface).</param>
/// <param name="InitialAdminPassword">The password of the admin made at this start; null when accounts already existed.</param>
public sealed record RunningPortal(WebApplication App, Uri Url, string? InitialAdminPassword) : IAsyncDisposable
{
    public IServiceProvider Services => App.Services;

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync().ConfigureAwait(false);
        await App.DisposeAsync().ConfigureAwait(false);
    }
}
