using ElasticCompute.Operator.Controllers;
using ElasticCompute.Runtime.Hosting;

namespace ElasticCompute.Operator.Hosting;

/// <summary>What <see cref="OperatorHost"/> composes: the manager, and the caches and policy its controllers and webhooks share.</summary>
internal sealed record OperatorParts(Manager Manager, MachineCaches Caches, PolicySource Policies);
