using k8s;
using k8s.Models;

namespace ElasticCompute.Api.Tests.Support;

/// <summary>The checked-in CRDs, read with the Kubernetes client's own YAML model.</summary>
internal static class CrdFiles
{
    public static V1CustomResourceDefinition Load(string fileName) =>
        KubernetesYaml.Deserialize<V1CustomResourceDefinition>(File.ReadAllText(Path.Combine(RepositoryPaths.Crds, fileName)));

    public static V1CustomResourceDefinition ElasticMachines => Load("elasticcompute.io_elasticmachines.yaml");

    public static V1CustomResourceDefinition Policies => Load("elasticcompute.io_elasticcomputepolicies.yaml");

    public static V1JSONSchemaProps Schema(this V1CustomResourceDefinition crd) =>
        crd.Spec.Versions.Single().Schema.OpenAPIV3Schema;
}
