using System.Text.Json.Nodes;

namespace ElasticCompute.DevCluster.Server.Patching;

/// <summary>The patch engines as the HTTP layer uses them. Failures are <see cref="PatchException"/>s.</summary>
internal interface IPatcher
{
    /// <summary>
    /// PATCH: applies <paramref name="body"/> of <paramref name="type"/> to <paramref name="live"/> and returns the new
    /// object. An apply records its <c>metadata.managedFields</c> itself; a JSON, merge or strategic patch is an
    /// Update, which the caller records with <see cref="Update"/> on the object it finally stores (after restoring
    /// status and server-set metadata), so that it is recorded once and only for what is kept.
    /// <paramref name="live"/> may be null only for <see cref="PatchType.ApplyPatch"/> (apply creates).
    /// </summary>
    JsonObject Patch(PatchType type, JsonObject? live, ReadOnlySpan<byte> body, PatchContext context);

    /// <summary>POST/PUT: returns <paramref name="updated"/> with managed fields recorded for an Update by the context's manager.</summary>
    JsonObject Update(JsonObject? live, JsonObject updated, PatchContext context);
}
