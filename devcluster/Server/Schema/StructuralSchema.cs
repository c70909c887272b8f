namespace ElasticCompute.DevCluster.Server.Schema;

internal sealed class StructuralSchema;
