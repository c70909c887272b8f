namespace ElasticCompute.Portal.Accounts;

/// <summary>Why an account change was refused: the form field and the rule.</summary>
public sealed record AccountProblem(string Field, string Message);
