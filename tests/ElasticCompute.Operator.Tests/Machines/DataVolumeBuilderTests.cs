using System.Text.Json.Nodes;
using ElasticCompute.Api;
using ElasticCompute.Api.Machines;
using ElasticCompute.Api.Quantities;
using ElasticCompute.Operator.Machines;
using k8s;

namespace ElasticCompute.Operator.Tests.Machines;

public sealed class DataVolumeBuilderTests
{
    private static readonly MachineSize Small = new(2, 4m * Quantity.Gi);
    private readonly DataVolumeBuilder builder = new(ElasticComputeApi.CreateRecommender());

    public static TheoryData<string> Images => new(ImageCases.Keys);

    private static readonly Dictionary<string, MachineImage?> ImageCases = new()
    {
        ["default"] = null,
        ["datasource"] = new() { DataSource = "debian-12" },
        ["datasource-ns"] = new() { DataSource = "golden/rhel-9" },
        ["registry"] = new() { Registry = "docker://quay.io/containerdisks/fedora:41" },
        ["http"] = new() { Http = "https://example.com/disk.qcow2" },
        ["blank"] = new() { Blank = true },
    };

    [Fact]
    public void Recommended_disk_from_default_image_in_the_default_pool()
    {
        var plan = builder.Build(TestMachines.Machine("alpha", new() { Cpu = 2, Memory = "4Gi" }), TestMachines.Policy(), Small);
        var dv = plan.DataVolume;
        Assert.Equal(("cdi.kubevirt.io/v1beta1", "DataVolume", "alpha-disk", "team-a"), (dv.ApiVersion, dv.Kind, dv.Metadata.Name, dv.Metadata.NamespaceProperty));
        Assert.Equal("alpha", dv.Metadata.Labels[MachineLabels.Machine]);
        Assert.Equal("false", dv.Metadata.Annotations["cdi.kubevirt.io/storage.deleteAfterCompletion"]);
        var owner = Assert.Single(dv.Metadata.OwnerReferences);
        Assert.Equal(("ElasticMachine", "alpha", true), (owner.Kind, owner.Name, owner.Controller));
        Assert.Equal(("DataSource", "ubuntu-24.04", "kubevirt-os-images"), (dv.Spec.SourceRef!.Kind, dv.Spec.SourceRef.Name, dv.Spec.SourceRef.Namespace));
        Assert.Null(dv.Spec.Source);
        Assert.Equal("80Gi", dv.Spec.Storage!.Resources!.Requests!["storage"].Value);
        Assert.Equal("standard", dv.Spec.Storage.StorageClassName);
        Assert.Null(dv.Spec.Storage.AccessModes);
        Assert.Equal(new DiskStatus
        {
            Size = "80Gi",
            SizeSource = DiskSizeSource.Recommended,
            Recommendation = "80Gi: 4Gi memory x 20 = 80Gi, a standard size",
            StorageClassName = "standard",
            DataVolumeName = "alpha-disk",
        }, plan.Disk);
        Assert.Equal(80m * Quantity.Gi, plan.SizeBytes);
    }

    [Fact]
    public void Each_image_kind_maps_to_its_source()
    {
        var policy = TestMachines.Policy();
        DataVolume_For("datasource").SourceRef.Let(r => Assert.Equal(("debian-12", "kubevirt-os-images"), (r!.Name, r.Namespace)));
        DataVolume_For("datasource-ns").SourceRef.Let(r => Assert.Equal(("rhel-9", "golden"), (r!.Name, r.Namespace)));
        Assert.Equal("docker://quay.io/containerdisks/fedora:41", DataVolume_For("registry").Source!.Registry!.Url);
        Assert.Equal("https://example.com/disk.qcow2", DataVolume_For("http").Source!.Http!.Url);
        Assert.NotNull(DataVolume_For("blank").Source!.Blank);
        Assert.Equal("{}", JsonNode.Parse(KubernetesJson.Serialize(DataVolume_For("blank")))!["source"]!["blank"]!.ToJsonString());

        KubeVirt.DataVolumeSpec DataVolume_For(string image) =>
            builder.Build(TestMachines.Machine("m", new() { Cpu = 2, Memory = "4Gi", Image = ImageCases[image] }), policy, Small).DataVolume.Spec;
    }

    [Fact]
    public void Chosen_size_and_storage_class_win_and_the_pool_class_is_next()
    {
        var policy = TestMachines.Policy();
        var chosen = builder.Build(TestMachines.Machine("c", new() { Cpu = 2, Memory = "4Gi", Pool = "fast", Storage = new() { Size = "100Gi", StorageClassName = "gold" } }), policy, Small);
        Assert.Equal(("100Gi", DiskSizeSource.Chosen, "gold"), (chosen.Disk.Size!.Value.Value, chosen.Disk.SizeSource, chosen.Disk.StorageClassName));
        Assert.Equal("80Gi: 4Gi memory x 20 = 80Gi, a standard size", chosen.Disk.Recommendation);

        var pool = builder.Build(TestMachines.Machine("p", new() { Cpu = 2, Memory = "4Gi", Pool = "fast", Storage = new() { Size = "80Gi" } }), policy, Small);
        Assert.Equal(("nvme", DiskSizeSource.Recommended), (pool.DataVolume.Spec.Storage!.StorageClassName, pool.Disk.SizeSource));
    }

    [Fact]
    public void No_storage_class_anywhere_is_omitted()
    {
        var plan = builder.Build(TestMachines.Machine("a", new() { Cpu = 2, Memory = "4Gi" }), Api.Policy.EffectivePolicy.Default, Small);
        Assert.Null(plan.DataVolume.Spec.Storage!.StorageClassName);
        Assert.DoesNotContain("storageClassName", KubernetesJson.Serialize(plan.DataVolume), StringComparison.Ordinal);
    }

    [Fact]
    public void Pinned_size_wins_over_a_new_recommendation_but_not_over_a_chosen_size()
    {
        var policy = TestMachines.Policy();
        var pinned = new DiskStatus { Size = "50Gi", SizeSource = DiskSizeSource.Recommended, Recommendation = "50Gi: old curve", StorageClassName = "old", DataVolumeName = "a-disk" };
        var kept = builder.Build(TestMachines.Machine("a", new() { Cpu = 2, Memory = "4Gi" }), policy, Small, pinned);
        Assert.Equal(("50Gi", "50Gi: old curve", "old"), (kept.DataVolume.Spec.Storage!.Resources!.Requests!["storage"].Value, kept.Disk.Recommendation, kept.Disk.StorageClassName));

        var grown = builder.Build(TestMachines.Machine("a", new() { Cpu = 2, Memory = "4Gi", Storage = new() { Size = "120Gi" } }), policy, Small, pinned);
        Assert.Equal(("120Gi", DiskSizeSource.Chosen), (grown.Disk.Size!.Value.Value, grown.Disk.SizeSource));
    }

    [SkippableTheory]
    [MemberData(nameof(Images))]
    public void Every_built_data_volume_spec_passes_the_real_cdi_schema(string image)
    {
        var schema = KubeVirtSchemas.Load("datavolumetemplatespec.yaml", "spec");
        var spec = builder.Build(TestMachines.Machine("m", new() { Cpu = 2, Memory = "4Gi", Pool = "fast", Image = ImageCases[image] }), TestMachines.Policy(), Small).DataVolume.Spec;
        Assert.Empty(KubeVirtSchemas.Problems(schema, spec));
    }
}

internal static class LetExtensions
{
    public static void Let<T>(this T value, Action<T> check) => check(value);
}
