namespace ElasticCompute.Runtime.Informers;

internal static class Placeholder;
