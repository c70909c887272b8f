using System.Runtime.CompilerServices;
using ElasticCompute.Portal.Cluster;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace ElasticCompute.Portal.Live;

/// <summary>
/// Server-sent events as the page reads them: <c>machine</c> (a row's new words, JSON), <c>resync</c> (what changed
/// cannot be replayed: read the page again) and comments that keep idle connections open behind proxies.
/// </summary>
internal static class LiveEvent
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    // A change's bytes are made once, however many pages follow its tenant.
    private static readonly ConditionalWeakTable<MachineChange, byte[]> Encoded = new();

    public static byte[] Machine(MachineChange change, MachineCatalog catalog) =>
        Encoded.GetValue(change, c => Encode(c, catalog.IdOf(c.Sequence)));

    private static byte[] Encode(MachineChange change, string id)
    {
        // JSON has no raw newline, so one data line carries it; the serializer escapes markup (<, >, &) as well.
        var data = JsonSerializer.Serialize(LiveRow.Of(change), Json);
        return Encoding.UTF8.GetBytes($"id: {id}\nevent: machine\ndata: {data}\n\n");
    }

    public static byte[] Resync(string id) => Encoding.UTF8.GetBytes($"id: {id}\nevent: resync\ndata: {{}}\n\n");

    public static readonly byte[] Opening = Encoding.UTF8.GetBytes("retry: 5000\n: live\n\n");

    public static readonly byte[] KeepAlive = Encoding.UTF8.GetBytes(": keep-alive\n\n");
}
