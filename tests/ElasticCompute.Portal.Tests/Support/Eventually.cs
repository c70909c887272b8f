namespace ElasticCompute.Portal.Tests.Support;

internal static class Eventually
{
    public static async Task TrueAsync(Func<Task<bool>> condition, TimeSpan within, string? what = null)
    {
        var deadline = DateTime.UtcNow + within;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"{what ?? "the condition"} did not hold within {within.TotalSeconds} s");
            }

            await Task.Delay(200);
        }
    }
}
