using k8s.Models;

namespace ElasticCompute.Operator.Webhooks;

/// <summary>
/// The Mutating and ValidatingWebhookConfiguration the operator registers: failurePolicy Fail (nothing is stored
/// unchecked), timeoutSeconds 3, matchPolicy Equivalent (a future API version is still checked), sideEffects None,
/// the mutating one reinvoked if another webhook changes the machine afterwards, and system namespaces excluded so a
/// broken webhook can never lock the cluster's own components out.
/// </summary>
internal static class WebhookConfigurations
{
    public const string MutatingName = "elasticcompute-mutating";
    public const string ValidatingName = "elasticcompute-validating";
    public const int TimeoutSeconds = 3;

    public static readonly IReadOnlyList<string> SystemNamespaces = ["kube-system", "kube-public", "kube-node-lease"];

    public static V1MutatingWebhookConfiguration Mutating(WebhookEndpoint endpoint, string? caBundle, string operatorNamespace) => new()
    {
        ApiVersion = "admissionregistration.k8s.io/v1",
        Kind = "MutatingWebhookConfiguration",
        Metadata = Metadata(MutatingName),
        Webhooks =
        [
            new V1MutatingWebhook
            {
                Name = "mutate.elasticmachines.elasticcompute.io",
                ClientConfig = ClientConfig(endpoint, "/mutate-elasticmachine", caBundle),
                Rules = [Rule("elasticmachines", "Namespaced")],
                AdmissionReviewVersions = ["v1"],
                SideEffects = "None",
                FailurePolicy = "Fail",
                MatchPolicy = "Equivalent",
                TimeoutSeconds = TimeoutSeconds,
                ReinvocationPolicy = "IfNeeded",
                NamespaceSelector = NotSystem(operatorNamespace),
            },
        ],
    };

    public static V1ValidatingWebhookConfiguration Validating(WebhookEndpoint endpoint, string? caBundle, string operatorNamespace) => new()
    {
        ApiVersion = "admissionregistration.k8s.io/v1",
        Kind = "ValidatingWebhookConfiguration",
        Metadata = Metadata(ValidatingName),
        Webhooks =
        [
            new V1ValidatingWebhook
            {
                Name = "validate.elasticmachines.elasticcompute.io",
                ClientConfig = ClientConfig(endpoint, "/validate-elasticmachine", caBundle),
                Rules = [Rule("elasticmachines", "Namespaced")],
                AdmissionReviewVersions = ["v1"],
                SideEffects = "None",
                FailurePolicy = "Fail",
                MatchPolicy = "Equivalent",
                TimeoutSeconds = TimeoutSeconds,
                NamespaceSelector = NotSystem(operatorNamespace),
            },
            new V1ValidatingWebhook
            {
                // Cluster-scoped: the namespace selector does not apply to it.
                Name = "validate.elasticcomputepolicies.elasticcompute.io",
                ClientConfig = ClientConfig(endpoint, "/validate-elasticcomputepolicy", caBundle),
                Rules = [Rule("elasticcomputepolicies", "Cluster")],
                AdmissionReviewVersions = ["v1"],
                SideEffects = "None",
                FailurePolicy = "Fail",
                MatchPolicy = "Equivalent",
                TimeoutSeconds = TimeoutSeconds,
            },
        ],
    };

    private static V1ObjectMeta Metadata(string name) => new()
    {
        Name = name,
        Labels = new Dictionary<string, string> { ["app.kubernetes.io/name"] = "elasticcompute", ["app.kubernetes.io/component"] = "webhook" },
    };

    private static Admissionregistrationv1WebhookClientConfig ClientConfig(WebhookEndpoint endpoint, string path, string? caBundle) => new()
    {
        Url = endpoint.BaseUrl is { } url ? new Uri(url, path).ToString() : null,
        Service = endpoint.BaseUrl is null
            ? new Admissionregistrationv1ServiceReference { Name = endpoint.ServiceName, NamespaceProperty = endpoint.ServiceNamespace, Path = path, Port = endpoint.ServicePort }
            : null,
        CaBundle = caBundle is null ? null : System.Text.Encoding.UTF8.GetBytes(caBundle),
    };

    private static V1RuleWithOperations Rule(string resource, string scope) => new()
    {
        ApiGroups = [Api.Machines.ElasticMachine.KubeGroup],
        ApiVersions = [Api.Machines.ElasticMachine.KubeApiVersion],
        Operations = ["CREATE", "UPDATE"],
        Resources = [resource],
        Scope = scope,
    };

    private static V1LabelSelector NotSystem(string operatorNamespace) => new()
    {
        MatchExpressions =
        [
            new V1LabelSelectorRequirement
            {
                Key = "kubernetes.io/metadata.name",
                OperatorProperty = "NotIn",
                Values = [.. SystemNamespaces.Append(operatorNamespace).Distinct(StringComparer.Ordinal)],
            },
        ],
    };
}
