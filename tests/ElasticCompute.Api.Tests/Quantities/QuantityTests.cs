using System.Text.Json;
using ElasticCompute.Api.Machines;
using ElasticCompute.Api.Quantities;
using k8s;
using k8s.Models;

namespace ElasticCompute.Api.Tests.Quantities;

public sealed class QuantityTests
{
    [Theory]
    [InlineData("4Gi", 4L << 30)]
    [InlineData("1.5Gi", 3L << 29)]
    [InlineData("512Mi", 512L << 20)]
    [InlineData("1Ti", 1L << 40)]
    [InlineData("1G", 1_000_000_000)]
    [InlineData("1e3", 1000)]
    [InlineData("4294967296", 4L << 30)]
    [InlineData("+2Ki", 2048)]
    [InlineData(".5Gi", 1L << 29)]
    public void Parses_the_kubernetes_grammar(string text, long bytes)
    {
        Assert.True(new Quantity(text).TryGetValue(out var value));
        Assert.Equal(bytes, value);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("2")]
    [InlineData("500m")]
    [InlineData("7Ki")]
    [InlineData("999999999999999999")]
    [InlineData("10G")]
    [InlineData("3T")]
    [InlineData("2Pi")]
    [InlineData("1Ei")]
    [InlineData("4E")]
    [InlineData("1500k")]
    public void The_fast_path_for_whole_numbers_agrees_with_the_client(string text)
    {
        Assert.True(new Quantity(text).TryGetValue(out var value));
        Assert.Equal(new ResourceQuantity(text).ToDecimal(), value);
    }

    [Theory]
    [InlineData("")]
    [InlineData("4GB")]
    [InlineData("4 Gi")]
    [InlineData("4gi")]
    [InlineData("Gi")]
    [InlineData("four")]
    [InlineData("1.2.3")]
    public void Refuses_what_the_api_server_refuses(string text) =>
        Assert.False(new Quantity(text).TryGetValue(out _));

    [Theory]
    [InlineData(4L << 30, "4Gi", "4Gi")]
    [InlineData(3L << 29, "1536Mi", "1.5Gi")]
    [InlineData(1L << 40, "1Ti", "1024Gi")]
    [InlineData(512L << 20, "512Mi", "512Mi")]
    [InlineData(1000, "1000", "0Mi")]
    public void Formats_exact_and_readable(long bytes, string exact, string readable)
    {
        Assert.Equal(exact, QuantityFormatter.Format(bytes));
        Assert.Equal(readable, QuantityFormatter.FormatApproximate(bytes));
    }

    [Fact]
    public void Reads_strings_and_numbers_and_writes_strings()
    {
        var spec = KubernetesJson.Deserialize<ElasticMachineSpec>("""{"cpu":2,"memory":4294967296,"storage":{"size":"80Gi"}}""");

        Assert.Equal("4294967296", spec.Memory?.Value);
        Assert.Equal("80Gi", spec.Storage?.Size?.Value);
        using var json = JsonDocument.Parse(KubernetesJson.Serialize(spec));
        Assert.Equal(JsonValueKind.String, json.RootElement.GetProperty("memory").ValueKind);
        Assert.False(json.RootElement.TryGetProperty("instanceType", out _));
    }

    [Fact]
    public void A_machine_round_trips_through_json()
    {
        var machine = Support.TestMachines.FromSpec("{cpu: 4, memory: 16Gi, runStrategy: Halted, storage: {size: 320Gi, reclaimPolicy: Delete}, image: {dataSource: debian-12}, sshKeys: ['a b']}");
        machine.Status = new ElasticMachineStatus { Phase = MachinePhase.Running, Disk = new DiskStatus { Size = "320Gi", SizeSource = DiskSizeSource.Chosen } };

        var json = KubernetesJson.Serialize(machine);
        var back = KubernetesJson.Deserialize<ElasticMachine>(json);

        Assert.Equal(json, KubernetesJson.Serialize(back));
        Assert.Contains("\"runStrategy\":\"Halted\"", json, StringComparison.Ordinal);
        Assert.Contains("\"sizeSource\":\"Chosen\"", json, StringComparison.Ordinal);
    }
}
