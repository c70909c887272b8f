namespace ElasticCompute.DevCluster.Server.Errors;

/// <summary>One cause in a Status's details: a field error, a field manager conflict, ...</summary>
public sealed record StatusCause(string Reason, string Message, string Field)
{
    public static StatusCause From(FieldError error) => new(error.Reason, error.Message, error.Field);
}
