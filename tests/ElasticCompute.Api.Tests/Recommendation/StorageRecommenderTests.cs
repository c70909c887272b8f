using ElasticCompute.Api.Machines;
using ElasticCompute.Api.Policy;
using ElasticCompute.Api.Quantities;
using ElasticCompute.Api.Recommendation;

namespace ElasticCompute.Api.Tests.Recommendation;

public sealed class StorageRecommenderTests
{
    private static readonly IStorageRecommender Recommender = ElasticComputeApi.CreateRecommender();

    /// <summary>The default curve, pinned: memory (and image) in, size and reason out.</summary>
    public static TheoryData<int, string, string?, string, string> DefaultCurve => new()
    {
        // The public clouds' plan ladder: 1Gi->25Gi, 2Gi->50Gi, 4Gi->80Gi, 8Gi->160Gi, 16Gi->320Gi.
        { 1, "1Gi", null, "25Gi", "25Gi: 1Gi memory x 20 = 20Gi, raised to the 25Gi minimum" },
        { 1, "2Gi", null, "50Gi", "50Gi: 2Gi memory x 20 = 40Gi, rounded up to the standard size" },
        { 2, "4Gi", null, "80Gi", "80Gi: 4Gi memory x 20 = 80Gi, a standard size" },
        { 4, "8Gi", null, "160Gi", "160Gi: 8Gi memory x 20 = 160Gi, a standard size" },
        { 8, "16Gi", null, "320Gi", "320Gi: 16Gi memory x 20 = 320Gi, a standard size" },
        { 8, "32Gi", null, "640Gi", "640Gi: 32Gi memory x 20 = 640Gi, a standard size" },
        { 16, "64Gi", null, "1280Gi", "1280Gi: 64Gi memory x 20 = 1280Gi, a standard size" },
        { 16, "128Gi", null, "2560Gi", "2560Gi: 128Gi memory x 20 = 2560Gi, a standard size" },
        { 32, "256Gi", null, "2560Gi", "2560Gi: 256Gi memory x 20 = 5120Gi, capped at the 2560Gi maximum" },

        // Between the rungs.
        { 1, "512Mi", null, "25Gi", "25Gi: 512Mi memory x 20 = 10Gi, raised to the 25Gi minimum" },
        { 1, "1536Mi", null, "50Gi", "50Gi: 1.5Gi memory x 20 = 30Gi, rounded up to the standard size" },
        { 2, "3Gi", null, "80Gi", "80Gi: 3Gi memory x 20 = 60Gi, rounded up to the standard size" },
        { 2, "6Gi", null, "160Gi", "160Gi: 6Gi memory x 20 = 120Gi, rounded up to the standard size" },
        { 4, "12Gi", null, "320Gi", "320Gi: 12Gi memory x 20 = 240Gi, rounded up to the standard size" },

        // The image's own minimum plus 20% headroom wins when it is larger.
        { 1, "1Gi", "windows-2022", "80Gi", "80Gi: image windows-2022 needs 64Gi + 20% headroom = 76.8Gi, rounded up to the standard size" },
        { 2, "4Gi", "windows-2022", "80Gi", "80Gi: 4Gi memory x 20 = 80Gi, a standard size" },
        { 4, "8Gi", "windows-2022", "160Gi", "160Gi: 8Gi memory x 20 = 160Gi, a standard size" },
        { 1, "1Gi", "kubevirt-os-images/windows-2022", "80Gi", "80Gi: image windows-2022 needs 64Gi + 20% headroom = 76.8Gi, rounded up to the standard size" },
        { 1, "1Gi", "debian-12", "25Gi", "25Gi: 1Gi memory x 20 = 20Gi, raised to the 25Gi minimum" },

        // An image the policy does not know (another namespace) adds no minimum.
        { 1, "1Gi", "team-images/windows-2022", "25Gi", "25Gi: 1Gi memory x 20 = 20Gi, raised to the 25Gi minimum" },
    };

    [Theory]
    [MemberData(nameof(DefaultCurve))]
    public void The_default_curve_is_pinned(int cpu, string memory, string? dataSource, string size, string reason)
    {
        var image = dataSource is null ? null : new MachineImage { DataSource = dataSource };

        var recommendation = Recommender.Recommend(Size(cpu, memory), image, EffectivePolicy.Default);

        Assert.Equal(size, recommendation.Size.Value);
        Assert.Equal(reason, recommendation.Reason);
    }

    [Theory]
    [InlineData("u1.nano", "25Gi")]
    [InlineData("u1.small", "50Gi")]
    [InlineData("u1.medium", "80Gi")]
    [InlineData("u1.large", "160Gi")]
    [InlineData("u1.xlarge", "320Gi")]
    [InlineData("u1.2xlarge", "640Gi")]
    public void Instance_types_get_the_size_of_their_memory(string instanceType, string size)
    {
        var spec = new ElasticMachineSpec { InstanceType = instanceType };

        var machineSize = MachineSize.Of(spec, EffectivePolicy.Default.InstanceTypes);

        Assert.NotNull(machineSize);
        Assert.Equal(size, Recommender.Recommend(machineSize, null, EffectivePolicy.Default).Size.Value);
    }

    [Fact]
    public void Registry_http_and_blank_images_add_no_minimum()
    {
        foreach (var image in new[]
        {
            new MachineImage { Registry = "docker://quay.io/containerdisks/fedora:41" },
            new MachineImage { Http = "https://example.com/disk.img" },
            new MachineImage { Blank = true },
        })
        {
            var limits = Recommender.Limits(image, EffectivePolicy.Default);
            Assert.Equal(Quantity.Gi, limits.MinimumBytes);
            Assert.Null(limits.MinimumReason);
            Assert.Equal(2560m * Quantity.Gi, limits.MaximumBytes);
        }
    }

    [Fact]
    public void The_default_image_sets_the_minimum_when_none_is_given()
    {
        var limits = Recommender.Limits(null, EffectivePolicy.Default);

        Assert.Equal(12m * Quantity.Gi, limits.MinimumBytes);
        Assert.Equal("image ubuntu-24.04 needs 10Gi + 20% headroom = 12Gi", limits.MinimumReason);
    }

    [Fact]
    public void A_policy_reshapes_the_curve()
    {
        var policy = EffectivePolicy.From(new ElasticComputePolicySpec
        {
            Recommendation = new RecommendationCurve
            {
                DiskPerMemory = 10,
                Minimum = "10Gi",
                Maximum = "100Gi",
                StandardSizes = ["10Gi", "20Gi", "40Gi"],
                ImageHeadroomPercent = 0,
            },
            GoldenImages = [new GoldenImage { Name = "big", MinimumDiskSize = "150Gi" }],
        });

        Assert.Equal("40Gi: 3Gi memory x 10 = 30Gi, rounded up to the standard size", Recommend("3Gi"));
        Assert.Equal("20Gi: 2Gi memory x 10 = 20Gi, a standard size", Recommend("2Gi"));
        Assert.Equal("10Gi: 512Mi memory x 10 = 5Gi, raised to the 10Gi minimum", Recommend("512Mi"));
        Assert.Equal("50Gi: 5Gi memory x 10 = 50Gi", Recommend("5Gi"));
        Assert.Equal("43Gi: 4.25Gi memory x 10 = 42.5Gi, rounded up to a whole Gi", Recommend("4352Mi"));
        Assert.Equal("100Gi: 12Gi memory x 10 = 120Gi, capped at the 100Gi maximum", Recommend("12Gi"));

        // An image that needs more than the cap still gets what it needs: a disk it cannot boot from helps no one.
        Assert.Equal("150Gi: image big needs 150Gi", Recommend("1Gi", "big"));
        Assert.Equal(150m * Quantity.Gi, Recommender.Limits(new MachineImage { DataSource = "big" }, policy).MaximumBytes);

        string Recommend(string memory, string? image = null) =>
            Recommender.Recommend(Size(1, memory), image is null ? new MachineImage { Blank = true } : new MachineImage { DataSource = image }, policy).Reason;
    }

    [Fact]
    public void More_memory_never_gets_a_smaller_disk_and_the_answer_is_deterministic()
    {
        var previous = 0m;
        for (var mebibytes = 512; mebibytes <= 256 * 1024; mebibytes += 512)
        {
            var size = new MachineSize(1, mebibytes * (decimal)Quantity.Mi);
            var first = Recommender.Recommend(size, null, EffectivePolicy.Default);
            var second = Recommender.Recommend(size, null, EffectivePolicy.Default);

            Assert.Equal(first, second);
            Assert.True(first.SizeBytes >= previous, $"{mebibytes}Mi got {first.Size} after {QuantityFormatter.Format(previous)}");
            Assert.InRange(first.SizeBytes, first.Limits.MinimumBytes, first.Limits.MaximumBytes);
            Assert.StartsWith(first.Size.Value + ": ", first.Reason, StringComparison.Ordinal);
            previous = first.SizeBytes;
        }
    }

    [Fact]
    public void A_malformed_policy_names_the_field()
    {
        var error = Assert.Throws<InvalidPolicyException>(() => EffectivePolicy.From(new ElasticComputePolicySpec
        {
            Recommendation = new RecommendationCurve { Minimum = "lots" },
        }));
        Assert.Equal("spec.recommendation.minimum: \"lots\" is not a positive quantity", error.Message);

        error = Assert.Throws<InvalidPolicyException>(() => EffectivePolicy.From(new ElasticComputePolicySpec
        {
            Sizing = new SizingCatalog { Memory = new MemoryRange { Min = "8Gi", Max = "4Gi" } },
        }));
        Assert.Equal("spec.sizing.memory: min 8Gi is above max 4Gi", error.Message);
    }

    private static MachineSize Size(int cpu, string memory) => new(cpu, new Quantity(memory).ToDecimal());
}
