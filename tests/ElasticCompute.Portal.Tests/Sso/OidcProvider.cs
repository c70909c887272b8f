using System.Diagnostics;
using System.Text.Json;

namespace ElasticCompute.Portal.Tests.Sso;

/// <summary>
/// The test OpenID provider (npm's oidc-provider, run by node from Sso/idp) as a process on a free port of loopback.
/// Under CI a missing node fails the test (`.ci/run` installs it); elsewhere the test is skipped, as for chromium.
/// </summary>
internal sealed class OidcProvider : IAsyncDisposable
{
    public static string Folder { get; } = Path.Combine(RepositoryPaths.Root, "tests", "ElasticCompute.Portal.Tests", "Sso", "idp");

    private readonly Process process;
    private readonly List<string> errors = [];

    private OidcProvider(Process process, Uri issuer)
    {
        this.process = process;
        Issuer = issuer;
    }

    public Uri Issuer { get; }

    /// <summary>What node wrote to stderr (oidc-provider's warnings, a crash).</summary>
    public string Errors
    {
        get
        {
            lock (errors)
            {
                return string.Join('\n', errors);
            }
        }
    }

    /// <summary>Starts the provider with these clients (oidc-provider metadata) and accounts, once its packages are installed.</summary>
    public static async Task<OidcProvider> StartAsync(object config, string folder)
    {
        ArgumentNullException.ThrowIfNull(folder);
        var node = Require("node");
        await InstallAsync();
        var file = Path.Combine(folder, $"idp-{Guid.NewGuid():n}.json");
        await File.WriteAllTextAsync(file, JsonSerializer.Serialize(config));
        var start = new ProcessStartInfo(node) { WorkingDirectory = Folder, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(Folder, "provider.mjs"));
        start.ArgumentList.Add(file);
        var process = Process.Start(start) ?? throw new InvalidOperationException("node did not start");
        var errors = new List<string>();
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is { } line)
            {
                lock (errors)
                {
                    errors.Add(line);
                }
            }
        };
        process.BeginErrorReadLine();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
        {
            if (line.StartsWith("idp ready: ", StringComparison.Ordinal))
            {
                var provider = new OidcProvider(process, new Uri(line["idp ready: ".Length..]));
                lock (errors)
                {
                    provider.errors.AddRange(errors);
                }

                // Keep reading, so a full pipe never blocks node.
                _ = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
                return provider;
            }
        }

        await process.WaitForExitAsync(CancellationToken.None);
        throw new InvalidOperationException($"the test provider exited ({process.ExitCode}) before it was ready: {string.Join('\n', errors)}");
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        process.Dispose();
    }

    /// <summary>`npm ci` when the pinned packages are not there yet (`.ci/run` does it before the tests).</summary>
    private static async Task InstallAsync()
    {
        if (File.Exists(Path.Combine(Folder, "node_modules", "oidc-provider", "package.json")))
        {
            return;
        }

        var npm = Require("npm");
        var start = new ProcessStartInfo(npm) { WorkingDirectory = Folder, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { "ci", "--no-audit", "--no-fund" })
        {
            start.ArgumentList.Add(argument);
        }

        using var install = Process.Start(start) ?? throw new InvalidOperationException("npm did not start");
        var output = install.StandardOutput.ReadToEndAsync();
        var error = install.StandardError.ReadToEndAsync();
        await install.WaitForExitAsync();
        if (install.ExitCode != 0)
        {
            throw new InvalidOperationException($"npm ci in {Folder} failed ({install.ExitCode}): {await output}\n{await error}");
        }
    }

    private static string Require(string tool)
    {
        var found = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(d => Path.Combine(d, tool)).FirstOrDefault(File.Exists);
        if (found is not null)
        {
            return found;
        }

        throw Prerequisites.Missing($"{tool} is missing: install Debian's nodejs and npm (apt-get install -y nodejs npm)", tool);
    }
}
