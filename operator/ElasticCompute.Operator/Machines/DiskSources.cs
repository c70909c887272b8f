using ElasticCompute.Operator.KubeVirt;

namespace ElasticCompute.Operator.Machines;

/// <summary>What a disk was filled from, in words: equal for two disks of the same image, and readable in a condition.</summary>
internal static class DiskSources
{
    public static string Describe(DataVolumeSpec? spec) => spec switch
    {
        { SourceRef: { } r } => $"{(r.Kind == DataVolumeSourceRef.DataSourceKind ? "image" : r.Kind)} {(r.Namespace is { Length: > 0 } ns ? ns + "/" : string.Empty)}{r.Name}",
        { Source.Registry: { } registry } => $"image {registry.Url}",
        { Source.Http: { } http } => $"image {http.Url}",
        { Source.Pvc: { } pvc } => $"a clone of {pvc.Namespace}/{pvc.Name}",
        { Source.Blank: not null } => "a blank disk",
        _ => "no known source",
    };
}
