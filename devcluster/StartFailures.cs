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

        if (dataDirectory is null || failure is not (IOException or UnauthorizedAccessException or SqliteException))
        {
            return null;
        }

        // SQLITE_BUSY / SQLITE_LOCKED: another process holds the database.
        var held = failure is SqliteException { SqliteErrorCode: 5 or 6 } ? " (is another devcluster using this folder? stop it first, or pick another --data-dir)" : string.Empty;
        return $"cannot keep state in --data-dir {dataDirectory}: {failure.Message}{held}";
    }
}
