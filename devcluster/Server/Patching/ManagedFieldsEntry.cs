using System.Text.Json.Nodes;

namespace ElasticCompute.DevCluster.Server.Patching;

/// <summary>One <c>metadata.managedFields</c> entry; <see cref="Fields"/> is decoded from <c>fieldsV1</c>.</summary>
internal sealed record ManagedFieldsEntry(string Manager, string Operation, string ApiVersion, string? Time, FieldSet Fields, string? Subresource = null)
{
    public const string Apply = "Apply";
    public const string Update = "Update";

    /// <summary>The <c>fieldsV1</c> this entry was read from, valid while <see cref="Fields"/> is at <see cref="EncodedVersion"/>.</summary>
    public JsonObject? Encoded { get; init; }

    public int EncodedVersion { get; init; }

    /// <summary>
    /// The manager as a conflict names it: <c>"x"</c> for an applier, <c>"x" using v1</c> for an updater
    /// (kube prints the manager identifier, which leaves the time out).
    /// </summary>
    public string Display
    {
        get
        {
            var text = $"\"{Manager}\"";
            if (!string.IsNullOrEmpty(Subresource))
            {
                text += $" with subresource \"{Subresource}\"";
            }

            return Operation == Update ? $"{text} using {ApiVersion}" : text;
        }
    }

    /// <summary>Same manager entry: appliers are one per name, updaters one per name and apiVersion.</summary>
    public bool SameOwner(string manager, string operation, string apiVersion, string? subresource = null) =>
        Manager == manager && Operation == operation && (Subresource ?? string.Empty) == (subresource ?? string.Empty) &&
        (operation == Apply || ApiVersion == apiVersion);

    /// <summary>
    /// The <c>fieldsV1</c> to write: a copy of the one read when the fields have not changed since (most writes leave
    /// most entries alone, and encoding sorts the whole trie), else a fresh encoding.
    /// </summary>
    public JsonObject EncodeFields() =>
        Encoded is not null && Fields.Version == EncodedVersion ? (JsonObject)Encoded.DeepClone() : FieldsV1.Encode(Fields);
}
