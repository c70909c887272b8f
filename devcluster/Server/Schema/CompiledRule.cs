using Cel;

namespace ElasticCompute.DevCluster.Server.Schema;

/// <summary>
/// One x-kubernetes-validations rule, compiled once when the schema is parsed. A rule that does not compile
/// keeps its <see cref="CompileError"/> and is reported on every evaluation instead of throwing.
/// </summary>
internal sealed record CompiledRule(
    string Rule,
    string? Message,
    string? MessageExpression,
    string? FieldPath,
    string? Reason,
    bool IsTransition,
    CelProgramDelegate? Program,
    CelProgramDelegate? MessageProgram,
    string? CompileError)
{
    /// <summary>The rule's message, or "failed rule: {rule}" as the API server prints when none is set.</summary>
    public string MessageOrDefault => string.IsNullOrWhiteSpace(Message) ? "failed rule: " + Rule.Trim() : Message.Trim();

    /// <summary>The message if set, else the rule text (ruleErrorString in apiextensions).</summary>
    public string ErrorString => string.IsNullOrWhiteSpace(Message) ? Rule.Trim() : Message.Trim();
}
