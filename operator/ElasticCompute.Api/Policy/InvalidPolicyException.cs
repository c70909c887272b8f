namespace ElasticCompute.Api.Policy;

/// <summary>The platform policy holds a value that cannot be used; the message names the field.</summary>
public sealed class InvalidPolicyException(string message) : Exception(message);
