using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using ElasticCompute.DevCluster.Server.Storage;

namespace ElasticCompute.DevCluster.Tests.Persistence;

/// <summary>kill -9 a process writing through SqliteStorePersistence; every acknowledged write must be there.</summary>
public sealed class CrashTests : IDisposable
{
    private readonly TempDirectory dir = new();

    public void Dispose() => dir.Dispose();

    [Theory]
    [InlineData(150)]
    [InlineData(1500)]
    public async Task Every_acknowledged_write_survives_kill_9(int acknowledgedBeforeKill)
    {
        var acks = await RunAndKillAsync(acknowledgedBeforeKill);
        Assert.True(acks.Count >= acknowledgedBeforeKill, $"only {acks.Count} writes acknowledged");

        // Replay the acknowledged writes: the state the store promised.
        var expected = new Dictionary<string, (long Revision, int Step)>(StringComparer.Ordinal);
        foreach (var ack in acks)
        {
            if (ack.Op == "D")
            {
                Assert.True(expected.Remove(ack.Key), $"deleted {ack.Key}, which was not there");
            }
            else
            {
                expected[ack.Key] = (ack.Revision, ack.Step);
            }
        }

        var lastAcked = acks[^1].Revision;
        using var persistence = new SqliteStorePersistence(dir.Path);
        var store = new ObjectStore(persistence: persistence);

        // The write in flight when the process died may or may not have committed; nothing else may differ.
        Assert.InRange(store.Revision, lastAcked, lastAcked + 1);
        var inFlightCommitted = store.Revision == lastAcked + 1;
        var (items, _) = store.List("configmaps");
        var differences = new List<string>();
        foreach (var (key, (revision, step)) in expected)
        {
            var found = store.Get("configmaps", "default", key);
            if (found is null || found.Revision != revision)
            {
                differences.Add($"{key}: acknowledged at {revision}, found {found?.Revision.ToString(CultureInfo.InvariantCulture) ?? "nothing"}");
                continue;
            }

            var json = JsonNode.Parse(found.Json)!;
            Assert.Equal(step.ToString(CultureInfo.InvariantCulture), (string?)json["data"]!["step"]);
            Assert.Equal(512, ((string?)json["data"]!["padding"])!.Length);
        }

        foreach (var item in items.Where(i => !expected.ContainsKey(i.Name)))
        {
            differences.Add($"{item.Name}: not acknowledged, found at {item.Revision}");
        }

        // Only the in-flight write can account for a difference, and only if it committed.
        Assert.True(differences.Count <= (inFlightCommitted ? 1 : 0), string.Join("; ", differences));
        if (differences.Count == 1)
        {
            var key = differences[0].Split(':')[0];
            var found = store.Get("configmaps", "default", key);
            Assert.True(found is null || found.Revision == lastAcked + 1, differences[0]);
        }

        // Revisions go on after the last one, and the next write is durable too.
        var next = store.Create("configmaps", SqliteStorePersistenceTests.Object("after-crash", "default"));
        Assert.Equal(store.Revision, next.Revision);
        Assert.True(next.Revision > lastAcked);
    }

    private async Task<List<Ack>> RunAndKillAsync(int acknowledgedBeforeKill)
    {
        var start = new ProcessStartInfo(DotnetHost())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(CrashTargetPath());
        start.ArgumentList.Add(dir.Path);
        using var process = Process.Start(start)!;
        var acks = new List<Ack>();
        var stderr = process.StandardError.ReadToEndAsync();
        try
        {
            while (acks.Count < acknowledgedBeforeKill && await process.StandardOutput.ReadLineAsync() is { } line)
            {
                acks.Add(Ack.Parse(line) ?? throw new InvalidOperationException($"unexpected output: {line}"));
            }
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        Assert.True(acks.Count >= acknowledgedBeforeKill, $"the crash target stopped early: {await stderr}");

        // Lines already in the pipe were acknowledged before the kill, too; a torn last line was not.
        while (await process.StandardOutput.ReadLineAsync() is { } line)
        {
            if (Ack.Parse(line) is { } ack)
            {
                acks.Add(ack);
            }
        }

        return acks;
    }

    private static string CrashTargetPath()
    {
        // tests/ElasticCompute.DevCluster.Tests/bin/<Configuration>/<tfm>/ → the sibling project's output.
        var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var tfm = output.Name;
        var configuration = output.Parent!.Name;
        var path = Path.Combine(RepositoryPaths.Root, "tests", "ElasticCompute.DevCluster.CrashTarget", "bin", configuration, tfm, "ElasticCompute.DevCluster.CrashTarget.dll");
        Assert.True(File.Exists(path), $"{path} is missing: build the test project (it builds the crash target)");
        return path;
    }

    private static string DotnetHost() =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";

    private sealed record Ack(string Op, string Key, long Revision, int Step)
    {
        public static Ack? Parse(string line)
        {
            var parts = line.Split(' ');
            return parts.Length == 6 && parts[0] == "ack" && parts[5] == "."
                && long.TryParse(parts[3], NumberStyles.None, CultureInfo.InvariantCulture, out var revision)
                && int.TryParse(parts[4], NumberStyles.None, CultureInfo.InvariantCulture, out var step)
                ? new Ack(parts[1], parts[2], revision, step)
                : null;
        }
    }
}
