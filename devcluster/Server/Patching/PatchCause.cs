namespace ElasticCompute.DevCluster.Server.Patching;

/// <summary>One Status cause (metav1.StatusCause): <c>{reason, message, field}</c> in the Status body.</summary>
internal sealed record PatchCause(string Reason, string Message, string Field);
