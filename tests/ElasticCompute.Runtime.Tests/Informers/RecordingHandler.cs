using ElasticCompute.Runtime.Informers;
using k8s.Models;

namespace ElasticCompute.Runtime.Tests.Informers;

internal sealed class RecordingHandler : IResourceHandler<V1ConfigMap>
{
    private readonly List<string> seen = [];

    public IReadOnlyList<string> Seen
    {
        get
        {
            lock (seen)
            {
                return [.. seen];
            }
        }
    }

    public void OnAdd(V1ConfigMap obj) => Note($"add {obj.Metadata.Name}@{obj.Metadata.ResourceVersion}");

    public void OnUpdate(V1ConfigMap oldObj, V1ConfigMap newObj) => Note($"update {newObj.Metadata.Name}@{newObj.Metadata.ResourceVersion}");

    public void OnDelete(V1ConfigMap obj) => Note($"delete {obj.Metadata.Name}");

    private void Note(string what)
    {
        lock (seen)
        {
            seen.Add(what);
        }
    }
}
