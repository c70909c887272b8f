using System.Text.Json.Serialization;
using ElasticCompute.Operator.KubeVirt;
using k8s.Models;

namespace ElasticCompute.Operator.Serialization;

/// <summary>
/// Source-generated JSON metadata for the KubeVirt and CDI objects the operator reads and writes, with the client's
/// conventions; see <see cref="OperatorJson"/> for how it is chained into the client's serializer.
/// </summary>
[JsonSourceGenerationOptions(
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    UseStringEnumConverter = true)]
[JsonSerializable(typeof(VirtualMachine))]
[JsonSerializable(typeof(VirtualMachineList))]
[JsonSerializable(typeof(VirtualMachineSpec))]
[JsonSerializable(typeof(VirtualMachineInstance))]
[JsonSerializable(typeof(VirtualMachineInstanceList))]
[JsonSerializable(typeof(DataVolume))]
[JsonSerializable(typeof(DataVolumeList))]
[JsonSerializable(typeof(DataVolumeSpec))]
[JsonSerializable(typeof(V1OwnerReference[]))]
internal sealed partial class OperatorJsonContext : JsonSerializerContext;
