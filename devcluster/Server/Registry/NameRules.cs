using System.Text.RegularExpressions;

namespace ElasticCompute.DevCluster.Server.Registry;

/// <summary>The API server's name rules and their exact messages.</summary>
public static partial class NameRules
{
    public static string? SubdomainError(string name)
    {
        if (name.Length > 253)
        {
            return "must be no more than 253 characters";
        }

        return SubdomainRegex().IsMatch(name)
            ? null
            : "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
    }

    public static string? LabelError(string name)
    {
        if (name.Length > 63)
        {
            return "must be no more than 63 characters";
        }

        return LabelRegex().IsMatch(name)
            ? null
            : "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
    }

    [GeneratedRegex(@"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")]
    private static partial Regex SubdomainRegex();

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")]
    private static partial Regex LabelRegex();
}
