namespace ElasticCompute.Portal.Tests.Support;

internal static class Eventually
{
    public static async Task TrueAsync(Func<Task<bool>> condition, TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"the condition did not hold within {within.TotalSeconds} s");
            }

            await Task.Delay(200);
        }
    }
}
