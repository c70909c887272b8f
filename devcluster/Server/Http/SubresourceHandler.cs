using ElasticCompute.DevCluster.Server.Resources;
using Microsoft.AspNetCore.Http;

namespace ElasticCompute.DevCluster.Server.Http;

/// <summary>Serves one subresource (virtualmachines/start, virtualmachineinstances/console, ...).</summary>
public delegate Task SubresourceHandler(HttpContext context, ResourceType type, RequestInfo request);
