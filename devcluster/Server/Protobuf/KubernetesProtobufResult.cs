namespace ElasticCompute.DevCluster.Server.Protobuf;

/// <summary>What became of a protobuf body.</summary>
public enum KubernetesProtobufResult
{
    /// <summary>Decoded into the JSON the JSON path would have received.</summary>
    Decoded,

    /// <summary>A kind devcluster does not read from protobuf: answer 415 UnsupportedMediaType (clients then send JSON).</summary>
    UnsupportedKind,

    /// <summary>Not a Kubernetes protobuf envelope, or damaged: answer 400 BadRequest.</summary>
    Malformed,
}
