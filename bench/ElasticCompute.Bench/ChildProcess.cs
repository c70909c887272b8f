using System.Diagnostics;
using System.Text.RegularExpressions;

namespace ElasticCompute.Bench;

/// <summary>A .NET program of the repository run as its own process until it prints its ready line, then stopped by a kill.</summary>
internal static class ChildProcess
{
    public static async Task<(Process Process, Match Ready)> StartAsync(string repositoryRoot, string dll, IEnumerable<string> arguments, Regex readyLine, string what, CancellationToken cancellationToken)
    {
        if (!File.Exists(dll))
        {
            throw new FileNotFoundException($"build it first: dotnet build -c Release devcluster ({dll})");
        }

        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = repositoryRoot };
        start.ArgumentList.Add(dll);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        if (!arguments.Contains("--vm-runtime"))
        {
            start.Environment["ELASTICCOMPUTE_VM_RUNTIME"] = "simulated"; // what the API benchmarks measure; `vms` asks for qemu
        }

        var process = Process.Start(start)!;
        while (await process.StandardOutput.ReadLineAsync(cancellationToken) is { } line)
        {
            var match = readyLine.Match(line);
            if (match.Success)
            {
                // Keep reading its output so that a full pipe never blocks it.
                _ = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
                _ = process.StandardError.ReadToEndAsync(CancellationToken.None);
                return (process, match);
            }
        }

        throw new InvalidOperationException($"{what} exited before it was ready: " + await process.StandardError.ReadToEndAsync(cancellationToken));
    }

    public static async ValueTask StopAsync(Process process)
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        process.Dispose();
    }
}
