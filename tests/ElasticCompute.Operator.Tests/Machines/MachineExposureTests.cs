using ElasticCompute.Api.Machines;
using ElasticCompute.Api.Policy;
using ElasticCompute.Operator.Machines;
using k8s.Models;

namespace ElasticCompute.Operator.Tests.Machines;

public sealed class MachineExposureTests
{
    private static readonly ElasticMachine Web = TestMachines.Machine("web", new ElasticMachineSpec { Cpu = 1, Memory = "2Gi" });

    [Fact]
    public void The_service_is_named_after_the_machine_owned_by_it_and_selects_its_vmi()
    {
        var service = MachineServiceBuilder.Build(Web, new EffectiveExposure(ExposureType.NodePort, [22, 8080]), null)!;

        Assert.Equal("web", service.Metadata.Name);
        Assert.Equal("team-a", service.Metadata.NamespaceProperty);
        Assert.Equal("uid-web", Assert.Single(service.Metadata.OwnerReferences).Uid);
        Assert.Equal("web", service.Metadata.Labels[MachineLabels.Machine]);
        Assert.Equal("NodePort", service.Spec.Type);
        Assert.Equal("web", service.Spec.Selector["vm.kubevirt.io/name"]);
        Assert.Equal(["ssh", "tcp-8080"], service.Spec.Ports.Select(p => p.Name));
        Assert.Equal([22, 8080], service.Spec.Ports.Select(p => int.Parse(p.TargetPort.Value, System.Globalization.CultureInfo.InvariantCulture)));
        Assert.All(service.Spec.Ports, p => Assert.Null(p.NodePort));
        Assert.Null(MachineServiceBuilder.Build(Web, new EffectiveExposure(ExposureType.None, [22]), null));
    }

    [Fact]
    public void A_change_keeps_the_node_ports_the_cluster_gave_and_is_seen_as_drift()
    {
        var existing = MachineServiceBuilder.Build(Web, new EffectiveExposure(ExposureType.NodePort, [22]), null)!;
        existing.Spec.Ports[0].NodePort = 30022;
        existing.Spec.ClusterIP = "10.96.4.2";

        var same = MachineServiceBuilder.Build(Web, new EffectiveExposure(ExposureType.NodePort, [22]), existing)!;
        var wider = MachineServiceBuilder.Build(Web, new EffectiveExposure(ExposureType.LoadBalancer, [22, 80]), existing)!;

        Assert.True(MachineServiceBuilder.Matches(existing, same));
        Assert.False(MachineServiceBuilder.Matches(existing, wider));
        Assert.Equal([30022, null], wider.Spec.Ports.Select(p => p.NodePort));
    }

    [Fact]
    public void Node_ports_are_reached_on_a_ready_nodes_external_address_preferring_the_machines_node()
    {
        var service = Service("NodePort", (22, 30022), (80, 31080));
        V1Node[] nodes =
        [
            Node("a", ready: true, ("InternalIP", "10.0.0.1")),
            Node("b", ready: true, ("InternalIP", "10.0.0.2"), ("ExternalIP", "203.0.113.2")),
            Node("c", ready: false, ("ExternalIP", "203.0.113.3")),
        ];

        var onB = MachineAccessBuilder.Build(service, nodes, "b", "ubuntu")!;
        var anywhere = MachineAccessBuilder.Build(service, nodes, "c", "ubuntu")!;

        Assert.Equal("web", onB.Service);
        Assert.Equal("ssh -p 30022 ubuntu@203.0.113.2", onB.Ssh);
        Assert.Equal([(22, "203.0.113.2", 30022), (80, "203.0.113.2", 31080)], onB.Endpoints!.Select(e => (e.Port, e.Host, e.HostPort!.Value)));
        Assert.Equal("ssh -p 30022 ubuntu@10.0.0.1", anywhere.Ssh); // c is not Ready: the first Ready node, by its InternalIP
    }

    [Fact]
    public void A_load_balancer_is_reached_on_its_ingress_and_service_port_and_waits_for_one()
    {
        var pending = Service("LoadBalancer", (22, 30022));
        var ready = Service("LoadBalancer", (22, 30022));
        ready.Status = new V1ServiceStatus { LoadBalancer = new V1LoadBalancerStatus { Ingress = [new V1LoadBalancerIngress { Hostname = "web.lb.example.com" }] } };

        var waiting = MachineAccessBuilder.Build(pending, [], null, "root")!;
        var reached = MachineAccessBuilder.Build(ready, [], null, "root")!;

        Assert.Null(waiting.Ssh);
        Assert.Null(Assert.Single(waiting.Endpoints!).Host);
        Assert.Equal("ssh root@web.lb.example.com", reached.Ssh);
        Assert.Equal(22, Assert.Single(reached.Endpoints!).HostPort);
        Assert.Null(MachineAccessBuilder.Build(Service("ClusterIP", (22, 0)), [], null, "root"));
    }

    private static V1Service Service(string type, params (int Port, int NodePort)[] ports) => new()
    {
        Metadata = new V1ObjectMeta { Name = "web", NamespaceProperty = "team-a" },
        Spec = new V1ServiceSpec
        {
            Type = type,
            Ports = [.. ports.Select(p => new V1ServicePort { Name = MachineServiceBuilder.PortName(p.Port), Port = p.Port, TargetPort = p.Port, NodePort = p.NodePort == 0 ? null : p.NodePort, Protocol = "TCP" })],
        },
    };

    private static V1Node Node(string name, bool ready, params (string Type, string Address)[] addresses) => new()
    {
        Metadata = new V1ObjectMeta { Name = name },
        Status = new V1NodeStatus
        {
            Conditions = [new V1NodeCondition { Type = "Ready", Status = ready ? "True" : "False" }],
            Addresses = [.. addresses.Select(a => new V1NodeAddress { Type = a.Type, Address = a.Address })],
        },
    };
}
