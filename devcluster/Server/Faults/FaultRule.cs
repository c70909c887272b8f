namespace ElasticCompute.DevCluster.Server.Faults;

/// <summary>An active fault, as GET /admin/faults lists it.</summary>
/// <param name="Kind">"fail" or "delay".</param>
/// <param name="Verb">get, list, watch, create, update, patch, delete, deletecollection; null for any.</param>
/// <param name="Resource">plural[.group][/subresource]; null for any request.</param>
/// <param name="Remaining">Requests still to hit; null when the fault lasts until <paramref name="Until"/>.</param>
public sealed record FaultRule(long Id, string Kind, string? Verb, string? Resource, int? StatusCode, int? DelayMilliseconds, int? Remaining, DateTimeOffset? Until);
