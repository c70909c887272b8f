namespace ElasticCompute.Operator.Tests;

internal static class Placeholder;
