using ElasticCompute.Api.Machines;
using ElasticCompute.Api.Policy;

namespace ElasticCompute.Api.Tests.Policy;

public sealed class ExposurePolicyTests
{
    [Fact]
    public void Without_a_section_machines_are_not_exposed_and_ssh_is_the_port_named()
    {
        var exposure = EffectivePolicy.From(new ElasticComputePolicySpec()).Exposure;

        Assert.Equal(ExposureType.None, exposure.Type);
        Assert.False(exposure.Exposed);
        Assert.Equal([22], exposure.Ports);
    }

    [Fact]
    public void A_type_alone_exposes_ssh_and_ports_are_kept_in_order()
    {
        Assert.Equal([22], EffectivePolicy.From(new ElasticComputePolicySpec { Exposure = new MachineExposure { Type = ExposureType.NodePort } }).Exposure.Ports);

        var exposure = EffectivePolicy.From(new ElasticComputePolicySpec { Exposure = new MachineExposure { Type = ExposureType.LoadBalancer, Ports = [443, 22, 80] } }).Exposure;

        Assert.Equal(ExposureType.LoadBalancer, exposure.Type);
        Assert.Equal([22, 80, 443], exposure.Ports);
    }

    [Theory]
    [InlineData(new[] { 22, 0 }, "spec.exposure.ports[1]: 0 is not a TCP port (1-65535)")]
    [InlineData(new[] { 65536 }, "spec.exposure.ports[0]: 65536 is not a TCP port (1-65535)")]
    [InlineData(new[] { 22, 80, 22 }, "spec.exposure.ports[2]: 22 is listed twice")]
    [InlineData(new int[0], "spec.exposure.ports: must list at least one port when type is not None")]
    public void Bad_ports_are_refused_naming_the_field(int[] ports, string message)
    {
        var error = Assert.Throws<InvalidPolicyException>(() => EffectivePolicy.From(new ElasticComputePolicySpec
        {
            Exposure = new MachineExposure { Type = ExposureType.NodePort, Ports = ports },
        }));

        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void More_than_sixteen_ports_are_refused()
    {
        var error = Assert.Throws<InvalidPolicyException>(() => EffectivePolicy.From(new ElasticComputePolicySpec
        {
            Exposure = new MachineExposure { Type = ExposureType.NodePort, Ports = [.. Enumerable.Range(8000, 17)] },
        }));

        Assert.Equal("spec.exposure.ports: 17 ports, at most 16 allowed", error.Message);
    }

    [Fact]
    public void The_login_user_comes_from_the_golden_image_else_root()
    {
        var policy = EffectivePolicy.From(new ElasticComputePolicySpec
        {
            GoldenImages = [new GoldenImage { Name = "alpine", SshUser = "alpine" }, new GoldenImage { Name = "bare" }],
            DefaultImage = new MachineImage { DataSource = "alpine" },
        });

        Assert.Equal("alpine", policy.SshUserFor(null));
        Assert.Equal("alpine", policy.SshUserFor(new MachineImage { DataSource = "os-images/alpine" }));
        Assert.Equal("root", policy.SshUserFor(new MachineImage { DataSource = "bare" }));
        Assert.Equal("root", policy.SshUserFor(new MachineImage { Http = "https://example.com/disk.img" }));
        Assert.Equal("ubuntu", EffectivePolicy.Default.SshUserFor(null));
    }
}
