using ElasticCompute.Api.Machines;
using ElasticCompute.Operator.KubeVirt;

namespace ElasticCompute.Operator.Machines;

/// <summary>The desired DataVolume and the disk status the reconciler records (and pins once the disk exists).</summary>
/// <param name="DataVolume">The DataVolume to create when absent.</param>
/// <param name="Disk">Size (with its source and the recommendation), storage class and DataVolume name, for status.disk.</param>
/// <param name="SizeBytes">The size in bytes, for comparisons with the PVC.</param>
internal sealed record DiskPlan(DataVolume DataVolume, DiskStatus Disk, decimal SizeBytes);
