using System.Net.WebSockets;

namespace ElasticCompute.DevCluster.Server.Simulation.Serial;

/// <summary>The one connection a console session prints to. Both calls return at once (the session holds its lock).</summary>
internal interface IConsoleViewer
{
    void Send(string output);

    /// <summary>Ends the connection from the server's side with a close frame saying why.</summary>
    void Close(WebSocketCloseStatus status, string reason);
}
