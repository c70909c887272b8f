using System.Text.Json.Serialization;
using ElasticCompute.Api.Machines;
using ElasticCompute.Api.Policy;

namespace ElasticCompute.Api.Serialization;

/// <summary>
/// Source-generated JSON metadata for the API's resources, with the client's conventions (camelCase, nulls left out,
/// enums as strings). Chained ahead of the client's resolver it lets a Native AOT build serialize them without
/// reflection; a JIT build gets the same bytes, faster.
/// </summary>
[JsonSourceGenerationOptions(
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    UseStringEnumConverter = true)]
[JsonSerializable(typeof(ElasticMachine))]
[JsonSerializable(typeof(ElasticMachineList))]
[JsonSerializable(typeof(ElasticMachineStatus))]
[JsonSerializable(typeof(DiskStatus))]
[JsonSerializable(typeof(ElasticComputePolicy))]
[JsonSerializable(typeof(ElasticComputePolicyStatus))]
public sealed partial class ApiJsonContext : JsonSerializerContext;
