using System.Text;
using System.Text.Json;
using ElasticCompute.Runtime.Informers;
using k8s.Models;

namespace ElasticCompute.Runtime.Tests.Informers;

public sealed class ListStreamReaderTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(4096)]
    [InlineData(1 << 20)]
    public async Task Any_chunking_of_the_response_reads_the_same(int chunk)
    {
        var big = new string('x', 40_000); // bigger than the first buffer
        var json = $$$"""
            {"kind":"ConfigMapList","apiVersion":"v1","metadata":{"resourceVersion":"40","continue":"tok"},"items":[
              {"metadata":{"name":"a","namespace":"ns","resourceVersion":"7"},"data":{"k":"{{{big}}}"}},
              {"metadata":{"name":"b","namespace":"ns","resourceVersion":"8"},"data":{"k":"y \" } ] {"}},
              {"metadata":{"name":"c","namespace":"ns","resourceVersion":"9"}}]}
            """;

        var page = await ListStreamReader<V1ConfigMap>.ReadAsync(new ChunkedStream(json, chunk), (_, name, _) => name == "c", CancellationToken.None);

        Assert.Equal(["a", "b"], page.Items.Select(m => m.Metadata.Name));
        Assert.Equal(big, page.Items[0].Data["k"]);
        Assert.Equal("y \" } ] {", page.Items[1].Data["k"]);
        Assert.Equal(["ns/c"], page.Held);
        Assert.Equal(("40", "tok"), (page.ResourceVersion, page.Continue));
    }

    [Fact]
    public async Task Metadata_after_the_items_and_unknown_fields_are_read_too()
    {
        const string json = """{"items":[{"metadata":{"name":"a","resourceVersion":"1"}}],"extra":{"nested":[1,2,{"x":null}]},"metadata":{"resourceVersion":"5"}}""";

        var page = await ListStreamReader<V1ConfigMap>.ReadAsync(new ChunkedStream(json, 3), null, CancellationToken.None);

        Assert.Equal("a", Assert.Single(page.Items).Metadata.Name);
        Assert.Equal("5", page.ResourceVersion);
        Assert.Null(page.Continue);
        Assert.Null(page.Held);
    }

    [Theory]
    [InlineData("""{"metadata":{"resourceVersion":"5"},"items":null}""", 0)]
    [InlineData("""{"metadata":{"resourceVersion":"5"},"items":[]}""", 0)]
    [InlineData("""{"metadata":{"resourceVersion":"5"}}""", 0)]
    public async Task Empty_lists_have_no_items(string json, int count)
    {
        var page = await ListStreamReader<V1ConfigMap>.ReadAsync(new ChunkedStream(json, 2), null, CancellationToken.None);
        Assert.Equal(count, page.Items.Count);
        Assert.Equal("5", page.ResourceVersion);
    }

    [Theory]
    [InlineData("""{"metadata":{"resourceVersion":"5"},"items":[{"metadata":{"name":"a"}}""")]
    [InlineData("""{"items":[1]}""")]
    [InlineData("""[]""")]
    public async Task A_cut_or_malformed_list_is_an_error(string json) =>
        await Assert.ThrowsAnyAsync<JsonException>(() => ListStreamReader<V1ConfigMap>.ReadAsync(new ChunkedStream(json, 4), null, CancellationToken.None));

    /// <summary>Hands out at most <c>chunk</c> bytes per read, as a network stream may.</summary>
    private sealed class ChunkedStream(string text, int chunk) : MemoryStream(Encoding.UTF8.GetBytes(text))
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(chunk, buffer.Length)], cancellationToken);
    }
}
