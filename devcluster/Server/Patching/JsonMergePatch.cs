namespace ElasticCompute.DevCluster.Server.Patching;

internal static class JsonMergePatch;
