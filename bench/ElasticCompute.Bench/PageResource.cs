namespace ElasticCompute.Bench;

/// <summary>One response of a page load in chromium.</summary>
/// <param name="Type">Chromium's resource type (Document, Stylesheet, Script, ...).</param>
/// <param name="ContentLength">The Content-Length header; null when the body was sent chunked (compressed responses are).</param>
/// <param name="WireBytes">Network.loadingFinished's encodedDataLength: the bytes received for it, compressed, headers included.</param>
internal sealed record PageResource(string Url, string Type, int Status, string? ContentEncoding, long? ContentLength, long WireBytes)
{
    public bool IsScript => string.Equals(Type, "Script", StringComparison.Ordinal);
}
