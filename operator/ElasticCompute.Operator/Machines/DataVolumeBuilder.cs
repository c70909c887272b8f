using ElasticCompute.Api.Machines;
using ElasticCompute.Api.Policy;
using ElasticCompute.Api.Quantities;
using ElasticCompute.Api.Recommendation;
using ElasticCompute.Operator.KubeVirt;
using k8s.Models;

namespace ElasticCompute.Operator.Machines;

/// <remarks>
/// Size: spec.storage.size, else the pinned size, else the recommendation; the source is Recommended when
/// the size equals the recommendation (or was pinned from one), Chosen otherwise. Storage class: the
/// machine's, else the pinned one, else the pool's, else the policy's default, else none (the cluster's
/// default class). Access and volume modes are left to CDI's StorageProfile (spec.storage API).
/// </remarks>
internal sealed class DataVolumeBuilder(IStorageRecommender recommender) : IDataVolumeBuilder
{
    public DiskPlan Build(ElasticMachine machine, EffectivePolicy policy, MachineSize size, DiskStatus? pinned = null)
    {
        ArgumentNullException.ThrowIfNull(machine);
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(size);
        var name = DataVolumeNames.For(machine.Metadata.Name);
        var spec = machine.Spec;
        var image = spec.Image ?? policy.DefaultImage;
        var recommendation = recommender.Recommend(size, image, policy);

        Quantity sizeQuantity;
        decimal sizeBytes;
        DiskSizeSource source;
        string reason;
        if (spec.Storage?.Size is { } chosen && chosen.TryGetValue(out var chosenBytes))
        {
            (sizeQuantity, sizeBytes, reason) = (chosen, chosenBytes, recommendation.Reason);
            source = chosenBytes == recommendation.SizeBytes ? DiskSizeSource.Recommended : DiskSizeSource.Chosen;
        }
        else if (pinned?.Size is { } kept && kept.TryGetValue(out var keptBytes))
        {
            (sizeQuantity, sizeBytes) = (kept, keptBytes);
            source = pinned.SizeSource ?? DiskSizeSource.Recommended;
            reason = pinned.Recommendation ?? recommendation.Reason;
        }
        else
        {
            (sizeQuantity, sizeBytes, source, reason) = (recommendation.Size, recommendation.SizeBytes, DiskSizeSource.Recommended, recommendation.Reason);
        }

        policy.TryGetPool(spec.Pool, out var pool);
        var storageClass = spec.Storage?.StorageClassName ?? pinned?.StorageClassName ?? pool?.StorageClassName ?? policy.DefaultStorageClassName;

        var dataVolume = new DataVolume
        {
            Metadata = new V1ObjectMeta
            {
                Name = name,
                NamespaceProperty = machine.Metadata.NamespaceProperty,
                Labels = MachineLabels.For(machine.Metadata.Name),
                Annotations = new Dictionary<string, string>(StringComparer.Ordinal) { [MachineLabels.DeleteAfterCompletionAnnotation] = "false" },
                OwnerReferences = [MachineOwner.ReferenceTo(machine)],
            },
            Spec = Source(image, policy) with
            {
                Storage = new DataVolumeStorage
                {
                    Resources = new StorageResources { Requests = new Dictionary<string, Quantity>(StringComparer.Ordinal) { ["storage"] = sizeQuantity } },
                    StorageClassName = storageClass,
                },
            },
        };

        var disk = new DiskStatus
        {
            Size = sizeQuantity,
            SizeSource = source,
            Recommendation = reason,
            StorageClassName = storageClass,
            DataVolumeName = name,
        };
        return new DiskPlan(dataVolume, disk, sizeBytes);
    }

    /// <summary>dataSource: sourceRef to the DataSource ("name" in the image namespace, or "namespace/name"); registry, http, blank: source.</summary>
    internal static DataVolumeSpec Source(MachineImage image, EffectivePolicy policy)
    {
        if (image.DataSource is { } dataSource)
        {
            var slash = dataSource.IndexOf('/', StringComparison.Ordinal);
            return new DataVolumeSpec
            {
                SourceRef = new DataVolumeSourceRef
                {
                    Kind = DataVolumeSourceRef.DataSourceKind,
                    Name = slash < 0 ? dataSource : dataSource[(slash + 1)..],
                    Namespace = slash < 0 ? policy.ImageNamespace : dataSource[..slash],
                },
            };
        }

        var source = image switch
        {
            { Registry: { } url } => new DataVolumeSource { Registry = new DataVolumeUrlSource { Url = url } },
            { Http: { } url } => new DataVolumeSource { Http = new DataVolumeUrlSource { Url = url } },
            { Blank: true } => new DataVolumeSource { Blank = EmptyObject.Instance },
            _ => throw new ArgumentException("the image names no source: set one of dataSource, registry, http or blank", nameof(image)),
        };
        return new DataVolumeSpec { Source = source };
    }
}
