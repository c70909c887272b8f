namespace ElasticCompute.Tests.Shared;

/// <summary>What a test needs from the machine (a browser, node, reference data): under CI its absence fails the test, elsewhere it skips it.</summary>
internal static class Prerequisites
{
    /// <summary>Throws: FileNotFoundException under CI (`.ci/run` installs what tests need), else Xunit.SkippableFact's skip.</summary>
    public static Exception Missing(string message, string path)
    {
        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            throw new FileNotFoundException(message, path);
        }

        throw new SkipException(message);
    }
}
