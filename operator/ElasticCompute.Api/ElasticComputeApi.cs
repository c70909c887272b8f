using ElasticCompute.Api.Defaulting;
using ElasticCompute.Api.Recommendation;
using ElasticCompute.Api.Validation;

namespace ElasticCompute.Api;

/// <summary>Entry points of the API library for hosts that compose it (operator, webhooks, portal).</summary>
public static class ElasticComputeApi
{
    public static IStorageRecommender CreateRecommender() => new StorageRecommender();

    public static IMachineDefaulter CreateDefaulter(IStorageRecommender? recommender = null) =>
        new MachineDefaulter(recommender ?? CreateRecommender());

    public static IElasticMachineValidator CreateValidator(IStorageRecommender? recommender = null) =>
        new ElasticMachineValidator(recommender ?? CreateRecommender());
}
