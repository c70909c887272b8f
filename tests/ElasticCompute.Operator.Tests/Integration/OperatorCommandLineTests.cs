using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace ElasticCompute.Operator.Tests.Integration;

/// <summary>What the operator executable says when it cannot start: one line naming the option, the file or the port, and exit code 1.</summary>
public sealed class OperatorCommandLineTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("operator-command-").FullName;

    [Theory]
    [InlineData("--health-port", "70000", "--health-port: must be 0-65535, not 70000")]
    [InlineData("--webhook-port", "-1", "--webhook-port: must be 0-65535, not -1")]
    [InlineData("--workers", "0", "--workers: must be at least 1, not 0")]
    public async Task A_bad_option_is_refused_naming_the_option_and_its_rule(string option, string value, string error)
    {
        var (code, output, errors) = await RunAsync("--kubeconfig", Kubeconfig(), option, value);

        Assert.Equal(1, code);
        Assert.Contains(error, errors, StringComparison.Ordinal);
        Assert.DoesNotContain("starting against", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_or_unreadable_kubeconfig_is_one_line()
    {
        var missing = Path.Combine(folder, "missing");
        var (code, _, errors) = await RunAsync("--kubeconfig", missing);
        Assert.Equal(1, code);
        Assert.Equal($"elasticcompute-operator: kubeconfig {missing} does not exist (pass --kubeconfig, set KUBECONFIG, or run in a pod with a service account)", errors.Trim());

        var list = Path.Combine(folder, "list.yaml");
        await File.WriteAllTextAsync(list, "- not\n- a mapping\n");
        (code, _, errors) = await RunAsync("--kubeconfig", list);
        Assert.Equal(1, code);
        Assert.Equal($"elasticcompute-operator: kubeconfig {list} is not a YAML mapping (pass --kubeconfig, set KUBECONFIG, or run in a pod with a service account)", errors.Trim());
    }

    [Fact]
    public async Task A_health_port_in_use_is_one_line_naming_the_port()
    {
        using var taken = new TcpListener(IPAddress.Any, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;

        var (code, _, errors) = await RunAsync("--kubeconfig", Kubeconfig(), "--health-port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--no-webhooks", "--leader-elect", "false");

        Assert.Equal(1, code);
        Assert.Equal($"elasticcompute-operator: cannot serve /healthz, /readyz and /metrics on port {port}: the address is in use", errors.Trim());
    }

    public void Dispose() => Directory.Delete(folder, recursive: true);

    /// <summary>A kubeconfig pointing at a port nobody serves: these runs must fail before they would call it.</summary>
    private string Kubeconfig()
    {
        var path = Path.Combine(folder, "kubeconfig");
        File.WriteAllText(path, """
            apiVersion: v1
            kind: Config
            clusters: [{name: none, cluster: {server: "http://127.0.0.1:9"}}]
            users: [{name: none, user: {token: none}}]
            contexts: [{name: none, context: {cluster: none, user: none}}]
            current-context: none
            """);
        return path;
    }

    private static async Task<(int ExitCode, string Output, string Errors)> RunAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "ElasticCompute.Operator.dll"));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var errors = process.StandardError.ReadToEndAsync(timeout.Token);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return (process.ExitCode, await output, await errors);
    }
}
