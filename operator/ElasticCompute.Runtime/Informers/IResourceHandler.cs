namespace ElasticCompute.Runtime.Informers;

/// <summary>Called by an informer, in order, on its own loop: keep handlers cheap (enqueue a key).</summary>
public interface IResourceHandler<in T>
{
    void OnAdd(T obj);

    void OnUpdate(T oldObj, T newObj);

    void OnDelete(T obj);
}
