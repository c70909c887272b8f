using System.Net.Sockets;
using Microsoft.Data.Sqlite;

namespace ElasticCompute.DevCluster;

/// <summary>Start-up failures a user causes and can fix (a port in use, a data folder that cannot be written), said in one line.</summary>
internal static class StartFailures
{
    /// <summary>The line to print, or null for a failure that is a bug (its stack trace is then worth seeing).</summary>
    public static string? Explain(Exception failure, string listen, string? dataDirectory)
    {
        for (var e = failure; e is not null; e = e.InnerException)
        {
            if (e is SocketException socket)
            {
                var why = socket.SocketErrorCode switch
                {
                    SocketError.AddressAlreadyInUse => "the address is in use (is another devcluster running? stop it, or pick another address with --listen; port 0 picks a free one)",
                    SocketError.AddressNotAvailable => "the address is not one of this machine's",
                    SocketError.AccessDenied => "permission denied (ports below 1024 need privileges)",
                    _ => socket.Message,
                };
                return $"cannot listen on {listen}: {why}";
            }
        }

        return dataDirectory is not null && failure is IOException or UnauthorizedAccessException or SqliteException
            ? $"cannot keep state in --data-dir {dataDirectory}: {failure.Message}"
            : null;
    }
}
