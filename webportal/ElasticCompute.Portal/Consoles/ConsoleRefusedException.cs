namespace ElasticCompute.Portal.Consoles;

/// <summary>The cluster did not open the console: <see cref="End"/> says why in the person's words.</summary>
internal sealed class ConsoleRefusedException(ConsoleEnd end, Exception? inner) : Exception(end.Reason, inner)
{
    public ConsoleEnd End { get; } = end;
}
