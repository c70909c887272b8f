using System.Text.Json.Nodes;
using ElasticCompute.DevCluster.Server.Storage;

namespace ElasticCompute.DevCluster.Server.Registry;

/// <summary>The object a write leaves (or would leave, for a dry run), and the warnings for the client.</summary>
public sealed class WriteResult
{
    private readonly StoredObject? stored;
    private JsonObject? obj;

    public WriteResult(JsonObject obj, bool created, IReadOnlyList<string> warnings)
    {
        this.obj = obj;
        Created = created;
        Warnings = warnings;
    }

    /// <summary>A write that reached the store: the object is parsed only when someone asks for it.</summary>
    public WriteResult(StoredObject stored, bool created, IReadOnlyList<string> warnings)
    {
        this.stored = stored;
        Created = created;
        Warnings = warnings;
    }

    public JsonObject Object => obj ??= ResourceRegistry.Parse(stored!);

    /// <summary>The stored JSON when the write reached the store, for a response to send as it is (as reads do).</summary>
    public byte[]? StoredJson => stored?.Json;

    public bool Created { get; }

    public IReadOnlyList<string> Warnings { get; }

    /// <summary>For a delete: true when the object is gone; false when it waits for finalizers.</summary>
    public bool Removed { get; init; }
}
