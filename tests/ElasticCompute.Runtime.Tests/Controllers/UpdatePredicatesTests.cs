using ElasticCompute.Runtime.Controllers;
using k8s.Models;

namespace ElasticCompute.Runtime.Tests.Controllers;

public sealed class UpdatePredicatesTests
{
    [Fact]
    public void A_status_only_update_does_not_matter()
    {
        var before = Map(generation: 3);
        var after = Map(generation: 3);
        after.Metadata.ResourceVersion = "99";
        after.Data = new Dictionary<string, string> { ["status"] = "changed" };

        Assert.False(UpdatePredicates.GenerationOrMetadataChanged(before, after));
    }

    [Fact]
    public void Spec_deletion_finalizers_labels_and_annotations_matter()
    {
        var before = Map(generation: 3);
        Assert.True(UpdatePredicates.GenerationOrMetadataChanged(before, Map(generation: 4)));

        var deleting = Map(generation: 3);
        deleting.Metadata.DeletionTimestamp = DateTime.UtcNow;
        Assert.True(UpdatePredicates.GenerationOrMetadataChanged(before, deleting));

        Assert.True(UpdatePredicates.GenerationOrMetadataChanged(before, Map(generation: 3, finalizers: ["a", "c"])));
        Assert.True(UpdatePredicates.GenerationOrMetadataChanged(before, Map(generation: 3, label: "other")));
        Assert.True(UpdatePredicates.GenerationOrMetadataChanged(before, Map(generation: 3, annotation: "true")));
        Assert.False(UpdatePredicates.GenerationOrMetadataChanged(before, Map(generation: 3)));
    }

    private static V1ConfigMap Map(long generation, string[]? finalizers = null, string label = "web", string? annotation = null) => new()
    {
        Metadata = new V1ObjectMeta
        {
            Name = "m",
            Generation = generation,
            ResourceVersion = "1",
            Finalizers = finalizers ?? ["a", "b"],
            Labels = new Dictionary<string, string> { ["team"] = label },
            Annotations = annotation is null ? null : new Dictionary<string, string> { ["elasticcompute.io/restart-on-resize"] = annotation },
        },
    };
}
