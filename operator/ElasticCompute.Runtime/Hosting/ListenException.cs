using System.Net.Sockets;

namespace ElasticCompute.Runtime.Hosting;

/// <summary>A server could not listen: the message says what, where and why, in words a person can act on.</summary>
public sealed class ListenException : IOException
{
    /// <summary>The reason given when another process holds the address.</summary>
    public const string InUse = "the address is in use";

    public ListenException()
    {
    }

    public ListenException(string message)
        : base(message)
    {
    }

    public ListenException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Why <paramref name="failure"/> (Kestrel's bind error, or what it wraps) could not listen; null when it is no socket error.</summary>
    public static string? Reason(Exception failure)
    {
        for (var e = failure; e is not null; e = e.InnerException)
        {
            if (e is SocketException socket)
            {
                return socket.SocketErrorCode switch
                {
                    SocketError.AddressAlreadyInUse => InUse,
                    SocketError.AddressNotAvailable => "the address is not one of this machine's",
                    SocketError.AccessDenied => "permission denied (ports below 1024 need privileges)",
                    _ => socket.Message,
                };
            }
        }

        return null;
    }
}
