using Microsoft.Extensions.Hosting;

namespace ElasticCompute.Runtime.Hosting;

/// <summary>
/// The health server's host lifetime: the manager starts and stops it. The default console lifetime would take
/// SIGTERM and SIGINT for itself (stopping only the health server and swallowing the signal, so the process
/// never exits); signals belong to the program that runs the manager.
/// </summary>
public sealed class CallerOwnedLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
