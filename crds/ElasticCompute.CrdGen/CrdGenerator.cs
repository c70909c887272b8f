using System.ComponentModel;
using System.Reflection;
using ElasticCompute.Api.Machines;
using ElasticCompute.Api.Policy;
using ElasticCompute.Api.Schema;
using k8s;
using k8s.Models;

namespace ElasticCompute.CrdGen;

/// <summary>Turns the API types into CustomResourceDefinitions and their YAML files.</summary>
internal static class CrdGenerator
{
    public const string Header =
        "# Generated from the C# types in operator/ElasticCompute.Api by crds/ElasticCompute.CrdGen. Do not edit.\n" +
        "# Regenerate with: dotnet run --project crds/ElasticCompute.CrdGen -- --output crds\n";

    /// <summary>The API types that become CRDs.</summary>
    public static IReadOnlyList<Type> ResourceTypes { get; } = [typeof(ElasticMachine), typeof(ElasticComputePolicy)];

    /// <summary>Each CRD's file name (controller-gen's convention: group_plural.yaml) and text.</summary>
    public static IReadOnlyList<(string FileName, string Yaml)> GenerateFiles() =>
        ResourceTypes.Select(t => Build(t)).Select(crd => ($"{crd.Spec.Group}_{crd.Spec.Names.Plural}.yaml", Header + KubernetesYaml.Serialize(crd))).ToArray();

    public static V1CustomResourceDefinition Build(Type type)
    {
        var entity = type.GetCustomAttribute<KubernetesEntityAttribute>()
            ?? throw new InvalidOperationException($"{type.Name} has no [KubernetesEntity]");
        var resource = type.GetCustomAttribute<CustomResourceAttribute>()
            ?? throw new InvalidOperationException($"{type.Name} has no [CustomResource]");
        var description = type.GetCustomAttribute<DescriptionAttribute>()?.Description;

        var columns = type.GetCustomAttributes<PrinterColumnAttribute>()
            .OrderBy(c => c.Order)
            .Select(c => new V1CustomResourceColumnDefinition
            {
                Name = c.Name,
                Type = c.Type,
                JsonPath = c.JsonPath,
                Description = string.IsNullOrEmpty(c.Description) ? null : c.Description,
                Priority = c.Priority == 0 ? null : c.Priority,
            })
            .ToList();

        return new V1CustomResourceDefinition
        {
            ApiVersion = "apiextensions.k8s.io/v1",
            Kind = "CustomResourceDefinition",
            Metadata = new V1ObjectMeta
            {
                Name = $"{entity.PluralName}.{entity.Group}",
                Labels = new Dictionary<string, string> { ["app.kubernetes.io/part-of"] = "elasticcompute" },
            },
            Spec = new V1CustomResourceDefinitionSpec
            {
                Group = entity.Group,
                Scope = resource.ClusterScoped ? "Cluster" : "Namespaced",
                Names = new V1CustomResourceDefinitionNames
                {
                    Kind = entity.Kind,
                    ListKind = entity.Kind + "List",
                    Plural = entity.PluralName,
                    Singular = resource.Singular,
                    ShortNames = resource.ShortNames.Length > 0 ? resource.ShortNames.ToList() : null,
                    Categories = resource.Categories.Length > 0 ? resource.Categories.ToList() : null,
                },
                Versions =
                [
                    new V1CustomResourceDefinitionVersion
                    {
                        Name = entity.ApiVersion,
                        Served = true,
                        Storage = true,
                        Schema = new V1CustomResourceValidation { OpenAPIV3Schema = SchemaBuilder.ForRoot(type) },
                        Subresources = new V1CustomResourceSubresources { Status = new Dictionary<string, object>() },
                        AdditionalPrinterColumns = columns,
                    },
                ],
            },
        };
    }
}
