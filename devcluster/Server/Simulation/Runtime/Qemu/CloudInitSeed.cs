using System.Text;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace ElasticCompute.DevCluster.Server.Simulation.Runtime.Qemu;

/// <summary>
/// The part of a cloud-init NoCloud seed the devcluster guest honours, read on the host from the VMI's user data so the
/// guest needs no YAML parser: hostname, <c>ssh_authorized_keys</c> (root's), <c>users[].ssh_authorized_keys</c>
/// (root's for <c>default</c> and <c>root</c>, else that user's), and <c>runcmd</c> (run once per instance); user data
/// that is a script (<c>#!</c>) runs as runcmd. The rest is kept in the guest for reference, not applied.
/// </summary>
internal sealed record CloudInitSeed(string InstanceId, string Hostname, IReadOnlyList<string> RootKeys, IReadOnlyList<(string User, string Key)> UserKeys, string RunCommands, string UserData)
{
    /// <param name="extraKeys">Keys from accessCredentials (KubeVirt puts them in the NoCloud meta-data for the default user).</param>
    public static CloudInitSeed Parse(string instanceId, string defaultHostname, string? userData, IEnumerable<string> extraKeys)
    {
        var text = userData ?? string.Empty;
        var rootKeys = new List<string>(extraKeys.Select(k => k.Trim()).Where(k => k.Length > 0));
        var userKeys = new List<(string, string)>();
        var hostname = defaultHostname;
        var run = new StringBuilder();
        if (text.StartsWith("#!", StringComparison.Ordinal))
        {
            run.Append(text);
        }
        else if (Load(text) is YamlMappingNode config)
        {
            if (Scalar(config, "hostname") is { Length: > 0 } name)
            {
                hostname = name;
            }

            rootKeys.AddRange(Scalars(Child(config, "ssh_authorized_keys")));
            if (Child(config, "users") is YamlSequenceNode users)
            {
                foreach (var user in users.Children.OfType<YamlMappingNode>())
                {
                    var userName = Scalar(user, "name") ?? "root";
                    var keys = Scalars(Child(user, "ssh_authorized_keys") ?? Child(user, "ssh-authorized-keys"));
                    foreach (var key in keys)
                    {
                        if (userName is "root" or "default")
                        {
                            rootKeys.Add(key);
                        }
                        else
                        {
                            userKeys.Add((userName, key));
                        }
                    }
                }
            }

            if (Child(config, "runcmd") is YamlSequenceNode commands)
            {
                foreach (var command in commands.Children)
                {
                    run.Append(command switch
                    {
                        YamlScalarNode line => line.Value,
                        YamlSequenceNode argv => string.Join(' ', argv.Children.OfType<YamlScalarNode>().Select(a => ShellQuote(a.Value ?? string.Empty))),
                        _ => string.Empty,
                    }).Append('\n');
                }
            }
        }

        return new CloudInitSeed(instanceId, hostname, rootKeys.Distinct(StringComparer.Ordinal).ToList(), userKeys, run.ToString(), text);
    }

    /// <summary>The fw_cfg entries (name under opt/io.elasticcompute/, content) the guest reads at boot.</summary>
    public IEnumerable<(string Name, string Content)> Entries()
    {
        yield return ("instance-id", InstanceId + "\n");
        yield return ("hostname", Hostname + "\n");
        yield return ("authorized_keys", string.Concat(RootKeys.Select(k => OneLine(k) + "\n")));
        yield return ("users", string.Concat(UserKeys.Select(u => $"{OneLine(u.User)}\t{OneLine(u.Key)}\n")));
        yield return ("runcmd", RunCommands);
        yield return ("user-data", UserData);
    }

    private static YamlNode? Load(string text)
    {
        try
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(text));
            return stream.Documents.Count > 0 ? stream.Documents[0].RootNode : null;
        }
        catch (YamlException)
        {
            return null; // cloud-init, too, applies nothing of user data it cannot parse
        }
    }

    private static YamlNode? Child(YamlMappingNode map, string key) =>
        map.Children.TryGetValue(new YamlScalarNode(key), out var node) ? node : null;

    private static string? Scalar(YamlMappingNode map, string key) => (Child(map, key) as YamlScalarNode)?.Value;

    private static IEnumerable<string> Scalars(YamlNode? node) =>
        node is YamlSequenceNode list ? list.Children.OfType<YamlScalarNode>().Select(s => s.Value?.Trim() ?? string.Empty).Where(s => s.Length > 0) : [];

    private static string OneLine(string value) => value.Replace('\n', ' ').Replace('\r', ' ').Replace('\t', ' ');

    private static string ShellQuote(string value) => "'" + value.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
