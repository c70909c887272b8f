namespace ElasticCompute.Bench;

/// <summary>What the operator had sent by one moment; subtract two to get a window.</summary>
internal sealed record WriteCounts(int Objects, int Statuses, int Events, int Lists, IReadOnlyDictionary<string, int> ByRequest)
{
    public int Writes => Objects + Statuses + Events;

    public WriteCounts Since(WriteCounts earlier) => new(
        Objects - earlier.Objects,
        Statuses - earlier.Statuses,
        Events - earlier.Events,
        Lists - earlier.Lists,
        ByRequest
            .Select(p => (p.Key, Value: p.Value - earlier.ByRequest.GetValueOrDefault(p.Key)))
            .Where(p => p.Value != 0)
            .ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal));

    public string Breakdown() => ByRequest.Count == 0 ? "none" : string.Join(", ", ByRequest.OrderByDescending(p => p.Value).Select(p => $"{p.Key} x{p.Value}"));
}
