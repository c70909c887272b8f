using System.Text.Json.Nodes;
using ElasticCompute.DevCluster.Server.Resources;
using ElasticCompute.DevCluster.Server.Storage;

namespace ElasticCompute.DevCluster.Server.Registry;

/// <summary>The object a write leaves (or would leave, for a dry run), and the warnings for the client.</summary>
public sealed class WriteResult
{
    private readonly ResourceType? type;
    private StoredObject? stored;
    private bool viewed;
    private JsonObject? obj;

    public WriteResult(JsonObject obj, bool created, IReadOnlyList<string> warnings)
    {
        this.obj = obj;
        Created = created;
        Warnings = warnings;
    }

    /// <summary>
    /// A write that reached the store: the object is parsed, and shaped for <paramref name="type"/> when its table
    /// stores another shape (<see cref="ResourceRegistry.View"/>), only when someone asks for it.
    /// </summary>
    public WriteResult(StoredObject stored, ResourceType type, bool created, IReadOnlyList<string> warnings)
    {
        this.stored = stored;
        this.type = type;
        Created = created;
        Warnings = warnings;
    }

    public JsonObject Object => obj ??= ResourceRegistry.Parse(Stored!);

    /// <summary>The stored JSON when the write reached the store, for a response to send as it is (as reads do).</summary>
    public byte[]? StoredJson => Stored?.Json;

    private StoredObject? Stored
    {
        get
        {
            if (!viewed && stored is not null)
            {
                stored = ResourceRegistry.View(type!, stored);
                viewed = true;
            }

            return stored;
        }
    }

    public bool Created { get; }

    public IReadOnlyList<string> Warnings { get; }

    /// <summary>For a delete: true when the object is gone; false when it waits for finalizers.</summary>
    public bool Removed { get; init; }
}
