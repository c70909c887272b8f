namespace ElasticCompute.DevCluster.Server.Registry;

/// <summary>The fieldValidation query parameter: what to do with fields the schema does not declare.</summary>
public enum FieldValidation
{
    /// <summary>Drop them and say so in a warning (the API server's default).</summary>
    Warn,

    /// <summary>Refuse the request.</summary>
    Strict,

    /// <summary>Drop them silently.</summary>
    Ignore,
}
