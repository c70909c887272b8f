namespace ElasticCompute.DevCluster.Server.Patching;

/// <summary>JSON pointer (RFC 6901) tokens.</summary>
internal static class JsonPointer
{
    /// <summary>Decodes one reference token; <c>~1</c> first so that <c>~01</c> stays <c>~1</c>.</summary>
    public static string Unescape(string token) =>
        token.Contains('~', StringComparison.Ordinal) ? token.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal) : token;

    public static string Escape(string key) =>
        key.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);
}
