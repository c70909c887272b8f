namespace ElasticCompute.Runtime.Tests;

/// <summary>Waits for background loops to reach a state (a generous bound: this checks outcomes, not speed).</summary>
internal static class Eventually
{
    public static async Task True(Func<bool> condition, string what, int seconds = 20)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"timed out waiting for: {what}");
            }

            await Task.Delay(10);
        }
    }
}
