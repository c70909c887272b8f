using ElasticCompute.Runtime.Hosting;
using k8s;
using k8s.Models;

namespace ElasticCompute.Runtime.Controllers;

/// <summary>Starts a controller definition: <c>manager.NewController("name").For&lt;T&gt;()</c>.</summary>
public sealed class ControllerBuilder
{
    private readonly Manager manager;
    private readonly string name;

    internal ControllerBuilder(Manager manager, string name)
    {
        this.manager = manager;
        this.name = name;
    }

    /// <summary>Reconciles objects of <typeparamref name="T"/>; their changes enqueue them.</summary>
    public ControllerBuilder<T> For<T>()
        where T : class, IKubernetesObject<V1ObjectMeta> => new(manager, name);
}
