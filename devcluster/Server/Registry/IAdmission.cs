using System.Text.Json.Nodes;
using ElasticCompute.DevCluster.Server.Resources;

namespace ElasticCompute.DevCluster.Server.Registry;

public enum AdmissionOperation
{
    Create,
    Update,
    Delete,
}

/// <summary>An admission request: what is being written, by whom, and the object before.</summary>
public sealed record AdmissionAttributes(
    ResourceType Type,
    AdmissionOperation Operation,
    string Namespace,
    string Name,
    string? Subresource,
    JsonObject? Object,
    JsonObject? OldObject,
    WriteOptions Options);

/// <summary>The admission chain (mutating, then validating webhooks), as the API server runs it.</summary>
public interface IAdmission
{
    /// <summary>Runs the mutating webhooks; returns the (possibly changed) object and any warnings.</summary>
    Task<(JsonObject? Object, IReadOnlyList<string> Warnings)> MutateAsync(AdmissionAttributes attributes, CancellationToken cancellationToken);

    /// <summary>Runs the validating webhooks; returns warnings; throws an ApiException when one refuses.</summary>
    Task<IReadOnlyList<string>> ValidateAsync(AdmissionAttributes attributes, CancellationToken cancellationToken);
}
