using System.Diagnostics;

namespace ElasticCompute.Operator.Tests.Integration;

/// <summary>
/// The operator as the image ships it: the Native AOT executable (dotnet publish -r linux-x64). Without reflection
/// metadata, anything serialized without source-generated metadata or the client's YAML kubeconfig loader fails only
/// here, so the published binary reconciles a machine end to end. Alone in its collection: the native compile takes
/// both cores for a minute or two.
/// </summary>
[Collection(NativeBuildGroup.Name)]
public sealed class NativeOperatorTests(FaultClusterFixture cluster) : IClassFixture<FaultClusterFixture>, IAsyncLifetime
{
    public Task InitializeAsync() => cluster.StopDefaultOperatorAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task The_native_executable_reconciles_serves_its_webhooks_and_health_and_stops_on_sigterm()
    {
        var executable = await PublishAsync();
        try
        {
            await OperatorCommandTests.RunsAsync(cluster, executable, webhooks: true);
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(executable)!, recursive: true);
        }
    }

    private static async Task<string> PublishAsync()
    {
        var root = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(root, "ElasticCompute.sln")))
        {
            root = Path.GetDirectoryName(root) ?? throw new InvalidOperationException("ElasticCompute.sln not found above " + AppContext.BaseDirectory);
        }

        var output = Path.Combine(Path.GetTempPath(), "elasticcompute-native-" + Guid.NewGuid().ToString("N"));
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = root };
        foreach (var argument in new[] { "publish", Path.Combine("operator", "ElasticCompute.Operator"), "-c", "Release", "-r", "linux-x64", "-o", output, "--nologo" })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var log = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(10));
        await process.WaitForExitAsync(timeout.Token);
        var executable = Path.Combine(output, "ElasticCompute.Operator");
        Assert.True(process.ExitCode == 0 && File.Exists(executable), $"dotnet publish failed ({process.ExitCode}):\n{await log}\n{await errors}");
        return executable;
    }
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class NativeBuildGroup
{
    public const string Name = "native build";
}
