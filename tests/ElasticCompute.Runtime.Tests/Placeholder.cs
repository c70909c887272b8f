namespace ElasticCompute.Runtime.Tests;

internal static class Placeholder;
