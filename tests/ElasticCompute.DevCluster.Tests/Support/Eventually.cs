namespace ElasticCompute.DevCluster.Tests.Support;

/// <summary>Waits for something the server does in the background (a controller), bounded, polling quickly.</summary>
public static class Eventually
{
    public static async Task<T> GetAsync<T>(Func<Task<T>> read, Func<T, bool> done, string what, int timeoutSeconds = 20)
    {
        var deadline = DateTime.UtcNow.AddSeconds(timeoutSeconds);
        T last;
        do
        {
            last = await read();
            if (done(last))
            {
                return last;
            }

            await Task.Delay(20);
        }
        while (DateTime.UtcNow < deadline);

        throw new TimeoutException($"timed out waiting for {what}; last value: {last}");
    }

    public static Task TrueAsync(Func<Task<bool>> condition, string what, int timeoutSeconds = 20) =>
        GetAsync(condition, x => x, what, timeoutSeconds);
}
