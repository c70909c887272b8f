using ElasticCompute.DevCluster.Server.Storage;

namespace ElasticCompute.DevCluster.Server.Registry;

/// <summary>A page of a list: the items, the revision they reflect, and the token for the next page.</summary>
public sealed record ListResult(IReadOnlyList<StoredObject> Items, long Revision, string? Continue, long? RemainingItemCount);
