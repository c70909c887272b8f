namespace ElasticCompute.DevCluster.Tests.Admission;

/// <summary>One HTTPS webhook server for a test class; tests use distinct paths.</summary>
public sealed class WebhookServerFixture : IAsyncLifetime
{
    internal WebhookServer Server { get; private set; } = null!;

    public async Task InitializeAsync() => Server = await WebhookServer.StartAsync();

    public async Task DisposeAsync() => await Server.DisposeAsync();
}
