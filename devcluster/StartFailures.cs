using ElasticCompute.Runtime.Hosting;
using Microsoft.Data.Sqlite;

namespace ElasticCompute.DevCluster;

/// <summary>Start-up failures a user causes and can fix (a port in use, a data folder that cannot be written), said in one line.</summary>
internal static class StartFailures
{
    /// <summary>The line to print, or null for a failure that is a bug (its stack trace is then worth seeing).</summary>
    public static string? Explain(Exception failure, string listen, string? dataDirectory)
    {
        if (ListenException.Reason(failure) is { } why)
        {
            return $"cannot listen on {listen}: {why}" + (why == ListenException.InUse
                ? " (is another devcluster running? stop it, or pick another address with --listen; port 0 picks a free one)"
                : string.Empty);
        }

        return dataDirectory is not null && failure is IOException or UnauthorizedAccessException or SqliteException
            ? $"cannot keep state in --data-dir {dataDirectory}: {failure.Message}"
            : null;
    }
}
