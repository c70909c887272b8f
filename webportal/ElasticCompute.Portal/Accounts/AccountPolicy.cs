namespace ElasticCompute.Portal.Accounts;

/// <summary>When repeated failures lock an account, and for how long.</summary>
internal sealed record AccountPolicy(int LockoutThreshold, TimeSpan LockoutDuration);
