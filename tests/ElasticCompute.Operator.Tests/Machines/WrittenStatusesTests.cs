using ElasticCompute.Api.Machines;
using ElasticCompute.Operator.Machines;
using ElasticCompute.Runtime.Informers;
using k8s.Models;
using Moq;

namespace ElasticCompute.Operator.Tests.Machines;

public sealed class WrittenStatusesTests
{
    private readonly Dictionary<string, ElasticMachine> cache = [];
    private readonly WrittenStatuses written;

    public WrittenStatusesTests()
    {
        var machines = new Mock<ICache<ElasticMachine>>();
        machines.Setup(c => c.Find(It.IsAny<string?>(), It.IsAny<string>())).Returns((string? _, string name) => cache.GetValueOrDefault(name));
        written = new WrittenStatuses(machines.Object);
    }

    [Fact]
    public void The_written_status_stands_in_while_the_cache_shows_a_version_it_replaced()
    {
        var x = Cached("web", "10", status: null);
        var provisioning = new ElasticMachineStatus { Phase = MachinePhase.Provisioning };

        // The reconcile saw version 10, patched the finalizer (11), then wrote the status (12).
        written.Record(x, provisioning, laterVersion: "11");
        Assert.Same(provisioning, written.Known(x).Status);
        var y = Cached("web", "11", status: null);
        written.OnUpdate(x, y);
        Assert.Same(provisioning, written.Known(y).Status);
        Assert.Equal(1, written.Pending);

        // The watch brings the status write back: the cache is the truth again and the entry is gone.
        var z = Cached("web", "12", status: new ElasticMachineStatus { Phase = MachinePhase.Provisioning });
        written.OnUpdate(y, z);
        Assert.Equal(0, written.Pending);
        Assert.Same(z, written.Known(z));
    }

    [Fact]
    public void Nothing_is_kept_when_the_cache_showed_the_write_before_it_was_recorded()
    {
        var x = Cached("web", "10", status: null);
        Cached("web", "12", status: new ElasticMachineStatus { Phase = MachinePhase.Running }); // the watch was faster than the response
        written.Record(x, new ElasticMachineStatus { Phase = MachinePhase.Running });
        Assert.Equal(0, written.Pending);
    }

    [Fact]
    public void A_deleted_or_forgotten_machine_leaves_nothing()
    {
        var x = Cached("web", "10", status: null);
        written.Record(x, new ElasticMachineStatus { Phase = MachinePhase.Provisioning });
        written.OnDelete(x);
        Assert.Equal(0, written.Pending);
        Assert.Same(x, written.Known(x));

        written.Record(x, new ElasticMachineStatus { Phase = MachinePhase.Provisioning });
        written.Forget("team-a", "web");
        Assert.Equal(0, written.Pending);
    }

    private ElasticMachine Cached(string name, string resourceVersion, ElasticMachineStatus? status)
    {
        var machine = new ElasticMachine
        {
            Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = "team-a", ResourceVersion = resourceVersion },
            Spec = new ElasticMachineSpec { Cpu = 2, Memory = "4Gi" },
            Status = status,
        };
        cache[name] = machine;
        return machine;
    }
}
