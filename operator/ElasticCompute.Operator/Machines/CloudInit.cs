using System.Globalization;
using System.Text;
using ElasticCompute.Api.Machines;

namespace ElasticCompute.Operator.Machines;

/// <summary>
/// How SSH keys and user data reach the guest through cloud-init NoCloud.
/// </summary>
/// <remarks>
/// Without spec.userDataSecretRef the operator writes the user data itself, inline:
/// <c>#cloud-config</c> with <c>ssh_authorized_keys</c> (each key a double-quoted YAML scalar, so a key
/// comment with ": " or "#" stays one string). With spec.userDataSecretRef the user data is the Secret's
/// (cloudInitNoCloud.secretRef), untouched, since the operator cannot edit it without reading and rewriting
/// the user's Secret; the keys then travel separately as KubeVirt accessCredentials (sshPublicKey from the
/// Secret <c>&lt;machine&gt;-ssh-keys</c>, propagation noCloud), which KubeVirt puts in the NoCloud
/// meta-data as public-keys. cloud-init installs meta-data keys for the default user whatever the user
/// data says, so both the keys and the user's own configuration apply.
/// </remarks>
internal static class CloudInit
{
    public const string SshKeySecretSuffix = "-ssh-keys";

    /// <summary>The key of the SSH key Secret holding the keys, one per line.</summary>
    public const string AuthorizedKeysKey = "authorized_keys";

    public static string SshKeySecretName(string machineName) => machineName + SshKeySecretSuffix;

    /// <summary>True when the keys go through an accessCredentials Secret rather than inline user data.</summary>
    public static bool UsesKeySecret(ElasticMachineSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return spec.UserDataSecretRef is not null && spec.SshKeys is { Count: > 0 };
    }

    /// <summary>The inline user data: <c>#cloud-config</c>, with the keys when there are any.</summary>
    public static string UserData(IEnumerable<string>? sshKeys)
    {
        var text = new StringBuilder("#cloud-config\n");
        var keys = sshKeys?.Where(k => !string.IsNullOrWhiteSpace(k)).ToArray() ?? [];
        if (keys.Length > 0)
        {
            text.Append("ssh_authorized_keys:\n");
            foreach (var key in keys)
            {
                text.Append("  - ").Append(Quote(key.Trim())).Append('\n');
            }
        }

        return text.ToString();
    }

    /// <summary>A YAML double-quoted scalar.</summary>
    private static string Quote(string value)
    {
        var text = new StringBuilder("\"");
        foreach (var c in value)
        {
            switch (c)
            {
                case '"': text.Append("\\\""); break;
                case '\\': text.Append("\\\\"); break;
                case < ' ': text.Append("\\x").Append(((int)c).ToString("x2", CultureInfo.InvariantCulture)); break;
                default: text.Append(c); break;
            }
        }

        return text.Append('"').ToString();
    }
}
