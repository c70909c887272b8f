namespace ElasticCompute.Operator.Webhooks;

/// <summary>One admission webhook: a review's request in, its response out. No side effects (sideEffects: None).</summary>
internal interface IAdmissionHandler
{
    /// <summary>The URL path the API server posts to, for example "/mutate-elasticmachine".</summary>
    string Path { get; }

    AdmissionResponse Review(AdmissionRequest request);
}
