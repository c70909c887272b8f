using ElasticCompute.Runtime.Hosting;
using ElasticCompute.Runtime.Informers;
using k8s;
using k8s.Models;

namespace ElasticCompute.Runtime.Controllers;

/// <summary>Which changes enqueue which <typeparamref name="T"/>, and how many workers reconcile.</summary>
public sealed class ControllerBuilder<T>
    where T : class, IKubernetesObject<V1ObjectMeta>
{
    private readonly Manager manager;
    private readonly string name;
    private readonly List<Action<IController>> sources = [];
    private Func<T, T, bool> updateMatters = (_, _) => true;
    private int workers = 1;

    internal ControllerBuilder(Manager manager, string name)
    {
        this.manager = manager;
        this.name = name;
    }

    /// <summary>Changes of a <typeparamref name="TChild"/> enqueue its controller owner (a <typeparamref name="T"/>).</summary>
    public ControllerBuilder<T> Owns<TChild>()
        where TChild : class, IKubernetesObject<V1ObjectMeta>
    {
        var owner = ResourceKind.Of<T>();
        return Watches<TChild>(child => OwnerMapping.ToOwner(child, owner));
    }

    /// <summary>Changes of a <typeparamref name="TOther"/> enqueue what <paramref name="map"/> returns.</summary>
    public ControllerBuilder<T> Watches<TOther>(Func<TOther, IEnumerable<ReconcileRequest>> map)
        where TOther : class, IKubernetesObject<V1ObjectMeta>
    {
        ArgumentNullException.ThrowIfNull(map);
        sources.Add(controller =>
        {
            void Enqueue(TOther obj)
            {
                foreach (var request in map(obj))
                {
                    controller.Enqueue(request);
                }
            }

            manager.GetInformer<TOther>().AddEventHandler(new ResourceHandler<TOther>(Enqueue, (o, n) =>
            {
                Enqueue(o);
                Enqueue(n);
            }, Enqueue));
        });
        return this;
    }

    /// <summary>
    /// Which updates of a <typeparamref name="T"/> itself enqueue it (adds and deletes always do); see
    /// <see cref="UpdatePredicates"/>. Without it every update does, the controller's own status writes included.
    /// </summary>
    public ControllerBuilder<T> WithUpdateFilter(Func<T, T, bool> matters)
    {
        updateMatters = matters ?? throw new ArgumentNullException(nameof(matters));
        return this;
    }

    /// <summary>How many requests are reconciled at once (never two for the same object).</summary>
    public ControllerBuilder<T> WithWorkers(int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        workers = count;
        return this;
    }

    /// <summary>Creates the controller and registers it with the manager.</summary>
    public IController Complete(IReconciler<T> reconciler)
    {
        ArgumentNullException.ThrowIfNull(reconciler);
        var informer = manager.GetInformer<T>();
        var controller = manager.CreateController(name, informer, reconciler, workers);
        informer.AddEventHandler(new ResourceHandler<T>(
            o => controller.Enqueue(Controller<T>.RequestOf(o)),
            (o, n) =>
            {
                if (updateMatters(o, n))
                {
                    controller.Enqueue(Controller<T>.RequestOf(n));
                }
            },
            o => controller.Enqueue(Controller<T>.RequestOf(o))));
        foreach (var source in sources)
        {
            source(controller);
        }

        return controller;
    }
}
