namespace ElasticCompute.Portal.Consoles;

/// <summary>What one visit of the text console read: before it typed anything, and after (empty when it typed nothing).</summary>
internal sealed record ConsoleRead(string Before, string After);
